# talkgraph chart 'strength': How your attention is spread
# For each number of interactions, the share of your contacts with at least that many: a steep fall means a few people get most of your attention.
# Run 'gnuplot strength.gp' in this folder to draw strength.dat into strength.svg and strength.png.
do for [tg_pass = 1:2] {
reset
set encoding utf8
if (tg_pass == 1) {
  set terminal svg size 900,500 fixed font 'Arial,12' noenhanced background '#FFFFFF'
  set output 'strength.svg'
} else {
  set terminal pngcairo size 1800,1000 font 'Arial,12' fontscale 2 linewidth 2 pointscale 2 noenhanced background '#FFFFFF'
  set output 'strength.png'
}
set title 'How your attention is spread' font ',16' textcolor rgb '#222222'
set border 3 lc rgb '#666666'
set tics nomirror out scale 0.6 textcolor rgb '#222222'
set xlabel textcolor rgb '#222222'
set ylabel textcolor rgb '#222222'
set key noenhanced textcolor rgb '#222222'
set logscale xy 10
set xrange [0.8:7]
set yrange [11.11111:160]
set format x '%.0f'
set ytics ('100%%' 100, '10%%' 10, '1%%' 1, '0.1%%' 0.1, '0.01%%' 0.01, '0.001%%' 0.001)
set xlabel 'interactions with a contact (log scale)'
set ylabel 'contacts with at least that many (log scale)'
set grid xtics ytics back lt 1 lc rgb '#E3E3E3'
unset key
set label 1 '5 contacts' at graph 0.98,0.94 right textcolor rgb '#222222'
plot 'strength.dat' using 1:3 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#0072B2' notitle
unset output
}
