# talkgraph chart 'network': Your circles
# You in the centre and your 100 strongest contacts around you: closer and bigger means more interactions, colours are circles of people you talk with together, and lines join people addressed in the same tweet or group DM.
# Run 'gnuplot network.gp' in this folder to draw network.dat into network.svg and network.png.
do for [tg_pass = 1:2] {
reset
set encoding utf8
if (tg_pass == 1) {
  set terminal svg size 900,500 fixed font 'Arial,12' noenhanced background '#FFFFFF'
  set output 'network.svg'
} else {
  set terminal pngcairo size 1800,1000 font 'Arial,12' fontscale 2 linewidth 2 pointscale 2 noenhanced background '#FFFFFF'
  set output 'network.png'
}
set title 'Your circles' font ',16' textcolor rgb '#222222'
set border 3 lc rgb '#666666'
set tics nomirror out scale 0.6 textcolor rgb '#222222'
set xlabel textcolor rgb '#222222'
set ylabel textcolor rgb '#222222'
set key noenhanced textcolor rgb '#222222'
unset border
unset tics
unset title
set label 2 'Your circles' at screen 0.5,0.95 center font ',16' textcolor rgb '#222222'
set lmargin at screen 0.01
set rmargin at screen 0.63
set bmargin at screen 0.09
set tmargin at screen 0.90
set xrange [-1.5431:1.5431]
set yrange [-1.1200:1.1200]
set key at screen 0.66,0.86 left top Left reverse samplen 1 spacing 1.25 noenhanced
set label 1 'Closer to the centre and bigger: more interactions. Lines: addressed together.' at screen 0.01,0.035 left font ',10' textcolor rgb '#666666'
plot keyentry with points pt 7 ps 1.4 lc rgb '#0072B2' title 'circle 1: 3 people', \
     keyentry with points pt 7 ps 1.4 lc rgb '#999999' title 'in no circle: 2', \
     'network.dat' index 2 using ($6==0?$1:NaN):2:3:4 with vectors nohead lw 0.6 lc rgb '#A0888888' notitle, \
     '' index 0 every ::1 using 1:2:3:4 with points pt 7 ps variable lc rgb variable notitle, \
     '' index 0 every ::1 using 1:2:3 with points pt 6 ps variable lw 0.5 lc rgb '#FFFFFF' notitle, \
     '' index 0 every ::0::0 using 1:2:3 with points pt 7 ps variable lc rgb '#000000' notitle, \
     '' index 1 using ($3==0?$1:NaN):2:4 with labels left font ',10' noenhanced textcolor rgb '#222222' notitle, \
     '' index 1 using ($3==1?$1:NaN):2:4 with labels right font ',10' noenhanced textcolor rgb '#222222' notitle, \
     '' index 1 using ($3==2?$1:NaN):2:4 with labels center font ',10' noenhanced textcolor rgb '#222222' notitle
unset output
}
