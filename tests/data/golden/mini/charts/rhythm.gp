# talkgraph chart 'rhythm': When you are active
# How many tweets and DMs you sent in each hour of each weekday, in your own time zone: the darker the cell, the busier that hour.
# Run 'gnuplot rhythm.gp' in this folder to draw rhythm.dat into rhythm.svg and rhythm.png.
do for [tg_pass = 1:2] {
reset
set encoding utf8
if (tg_pass == 1) {
  set terminal svg size 900,500 fixed font 'Arial,12' noenhanced background '#FFFFFF'
  set output 'rhythm.svg'
} else {
  set terminal pngcairo size 1800,1000 font 'Arial,12' fontscale 2 linewidth 2 pointscale 2 noenhanced background '#FFFFFF'
  set output 'rhythm.png'
}
set title 'When you are active' font ',16' textcolor rgb '#222222'
set border 3 lc rgb '#666666'
set tics nomirror out scale 0.6 textcolor rgb '#222222'
set xlabel textcolor rgb '#222222'
set ylabel textcolor rgb '#222222'
set key noenhanced textcolor rgb '#222222'
unset key
set border 0
set xrange [-0.5:23.5]
set yrange [6.5:-0.5]
set xtics ("0:00" 0, "" 1 1, "" 2 1, "3:00" 3, "" 4 1, "" 5 1, "6:00" 6, "" 7 1, "" 8 1, "9:00" 9, "" 10 1, "" 11 1, "12:00" 12, "" 13 1, "" 14 1, "15:00" 15, "" 16 1, "" 17 1, "18:00" 18, "" 19 1, "" 20 1, "21:00" 21, "" 22 1, "" 23 1)
set ytics ("Mon" 0, "Tue" 1, "Wed" 2, "Thu" 3, "Fri" 4, "Sat" 5, "Sun" 6)
set tics scale 0.4
set xlabel 'hour of day, Europe/Madrid time' noenhanced
set cblabel 'tweets and DMs sent' offset char 1.5,0 textcolor rgb '#222222'
set palette defined (0 '#F7FBFF', 1 '#C6DBEF', 2 '#6BAED6', 3 '#2171B5', 4 '#08306B')
set cbrange [0:1]
set cbtics 0,1 out scale 0.4
set format cb '%.0f'
plot 'rhythm.dat' matrix with image pixels notitle
unset output
}
