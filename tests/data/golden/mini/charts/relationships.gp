# talkgraph chart 'relationships': Contacts gained, active and gone quiet
# Each month, how many people you interacted with for the first time, how many you interacted with at all, and how many regular contacts you last interacted with before a year or more of silence.
# Run 'gnuplot relationships.gp' in this folder to draw relationships.dat into relationships.svg and relationships.png.
do for [tg_pass = 1:2] {
reset
set encoding utf8
if (tg_pass == 1) {
  set terminal svg size 900,500 fixed font 'Arial,12' noenhanced background '#FFFFFF'
  set output 'relationships.svg'
} else {
  set terminal pngcairo size 1800,1000 font 'Arial,12' fontscale 2 linewidth 2 pointscale 2 noenhanced background '#FFFFFF'
  set output 'relationships.png'
}
set title 'Contacts gained, active and gone quiet' font ',16' textcolor rgb '#222222'
set border 3 lc rgb '#666666'
set tics nomirror out scale 0.6 textcolor rgb '#222222'
set xlabel textcolor rgb '#222222'
set ylabel textcolor rgb '#222222'
set key noenhanced textcolor rgb '#222222'
set xtics ("Jan 2021" 0, "Feb" 1, "Mar" 2, "Apr" 3)
set xrange [-0.5:3.5]
set yrange [0.0:7.5]
set ytics ("0" 0, "1" 1, "2" 2, "3" 3, "4" 4, "5" 5, "6" 6, "7" 7)
set ylabel 'contacts'
set grid ytics back lt 1 lc rgb '#E3E3E3'
set xzeroaxis lt 1 lw 1 lc rgb '#666666'
set key outside below center horizontal reverse Left samplen 1.2 width -1 font ',11'
set boxwidth 0.8 absolute
set style fill solid 1.0 noborder
plot 'relationships.dat' using 1:3 with boxes fc rgb '#009E73' title 'new (first interaction)', \
     '' using 1:4 with lines lw 2 lc rgb '#222222' title 'active (any interaction)'
unset output
}
