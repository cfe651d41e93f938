# talkgraph chart 'conversation-share': How much of your tweeting is conversation
# Each month, the share of your own tweets (originals, replies, quotes) that reply to, quote or deliberately mention someone, with a 3-month average to show the trend.
# Run 'gnuplot conversation-share.gp' in this folder to draw conversation-share.dat into conversation-share.svg and conversation-share.png.
do for [tg_pass = 1:2] {
reset
set encoding utf8
if (tg_pass == 1) {
  set terminal svg size 900,500 fixed font 'Arial,12' noenhanced background '#FFFFFF'
  set output 'conversation-share.svg'
} else {
  set terminal pngcairo size 1800,1000 font 'Arial,12' fontscale 2 linewidth 2 pointscale 2 noenhanced background '#FFFFFF'
  set output 'conversation-share.png'
}
set title 'How much of your tweeting is conversation' font ',16' textcolor rgb '#222222'
set border 3 lc rgb '#666666'
set tics nomirror out scale 0.6 textcolor rgb '#222222'
set xlabel textcolor rgb '#222222'
set ylabel textcolor rgb '#222222'
set key noenhanced textcolor rgb '#222222'
set xtics ("Jan 2021" 0, "Feb" 1, "Mar" 2, "Apr" 3)
set xrange [-0.5:3.5]
set yrange [0:100]
set ytics 0,20,100
set format y '%g%%'
set ylabel 'tweets that talk to someone'
set grid ytics back lt 1 lc rgb '#E3E3E3'
set key outside below center horizontal spacing 1.1 width 1
plot 'conversation-share.dat' using 1:4 with lines lw 3 lc rgb '#0072B2' title '3-month average', \
     '' using 1:3 with linespoints lw 1 pt 7 ps 0.6 lc rgb '#56B4E9' title 'each month', \
     60.00 with lines lw 1.5 dt (8,4) lc rgb '#222222' title 'all time: 60.0%'
unset output
}
