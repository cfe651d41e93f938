# talkgraph chart 'top-contacts': The people you talk with most
# Your 20 strongest contacts and how you interacted with each: replies, mentions, quotes and direct messages both ways.
# Run 'gnuplot top-contacts.gp' in this folder to draw top-contacts.dat into top-contacts.svg and top-contacts.png.
do for [tg_pass = 1:2] {
reset
set encoding utf8
if (tg_pass == 1) {
  set terminal svg size 900,500 fixed font 'Arial,12' noenhanced background '#FFFFFF'
  set output 'top-contacts.svg'
} else {
  set terminal pngcairo size 1800,1000 font 'Arial,12' fontscale 2 linewidth 2 pointscale 2 noenhanced background '#FFFFFF'
  set output 'top-contacts.png'
}
set title 'The people you talk with most' font ',16' textcolor rgb '#222222'
set border 3 lc rgb '#666666'
set tics nomirror out scale 0.6 textcolor rgb '#222222'
set xlabel textcolor rgb '#222222'
set ylabel textcolor rgb '#222222'
set key noenhanced textcolor rgb '#222222'
set yrange [5.5:0.5]
set xrange [0:5]
set xtics 0,1
set border 1 lc rgb '#666666'
set ytics scale 0 noenhanced
set xlabel 'interactions (all time)'
set grid xtics back lt 1 lc rgb '#E3E3E3'
set key outside below center horizontal reverse Left samplen 1.2 width -1 font ',11'
set style fill solid 1.0 border rgb '#FFFFFF'
plot 'top-contacts.dat' using (0):1:(0):(0+$3):($1-0.38):($1+0.38):ytic(2) with boxxyerror fc rgb '#0072B2' title 'replies', \
     '' using (0):1:(0+$3):(0+$3+$4):($1-0.38):($1+0.38) with boxxyerror fc rgb '#56B4E9' title 'mentions', \
     '' using (0):1:(0+$3+$4):(0+$3+$4+$5):($1-0.38):($1+0.38) with boxxyerror fc rgb '#CC79A7' title 'quotes', \
     '' using (0):1:(0+$3+$4+$5):(0+$3+$4+$5+$6):($1-0.38):($1+0.38) with boxxyerror fc rgb '#D55E00' title 'DMs sent', \
     '' using (0):1:(0+$3+$4+$5+$6):(0+$3+$4+$5+$6+$7):($1-0.38):($1+0.38) with boxxyerror fc rgb '#E69F00' title 'DMs received', \
     '' using (0):1:(0+$3+$4+$5+$6+$7):(0+$3+$4+$5+$6+$7+$8):($1-0.38):($1+0.38) with boxxyerror fc rgb '#444444' title 'group DMs received', \
     '' using 9:1:(stringcolumn(9)) with labels left offset char 0.4,0 textcolor rgb '#222222' notitle
unset output
}
