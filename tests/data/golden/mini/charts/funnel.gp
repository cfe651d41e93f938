# talkgraph chart 'funnel': From follows to conversations
# Of the accounts that follow you, and of those you follow, how many you ever talked with and how many talked back.
# Run 'gnuplot funnel.gp' in this folder to draw funnel.dat into funnel.svg and funnel.png.
do for [tg_pass = 1:2] {
reset
set encoding utf8
if (tg_pass == 1) {
  set terminal svg size 900,500 fixed font 'Arial,12' noenhanced background '#FFFFFF'
  set output 'funnel.svg'
} else {
  set terminal pngcairo size 1800,1000 font 'Arial,12' fontscale 2 linewidth 2 pointscale 2 noenhanced background '#FFFFFF'
  set output 'funnel.png'
}
set title 'From follows to conversations' font ',16' textcolor rgb '#222222'
set border 3 lc rgb '#666666'
set tics nomirror out scale 0.6 textcolor rgb '#222222'
set xlabel textcolor rgb '#222222'
set ylabel textcolor rgb '#222222'
set key noenhanced textcolor rgb '#222222'
unset key
set border 0
unset xtics
set xrange [-2.1:2.1]
set yrange [2.55:-1.0]
set ytics scale 0 ('all' 0, 'talked with' 1, 'two-way' 2)
set style fill solid 1.0 noborder
set label 1 'Followers' at -1.05,-0.72 center font ',14' textcolor rgb '#222222'
set label 2 'Following' at 1.05,-0.72 center font ',14' textcolor rgb '#222222'
set label 5 'talked with: any reply, mention, quote or DM either way; two-way: you both wrote' at screen 0.5,0.04 center font ',10' textcolor rgb '#666666'
plot 'funnel.dat' using 5:7:($5-$6):($5+$6):($7-0.27):($7+0.27):8 with boxxyerror lc rgb variable notitle, \
     '' using 5:($7-0.42):9 with labels center textcolor rgb '#222222' notitle
unset output
}
