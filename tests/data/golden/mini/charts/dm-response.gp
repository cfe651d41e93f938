# talkgraph chart 'dm-response': How fast you answer DMs
# How long you took to answer when someone wrote to you in a one-to-one DM, from their first message to your reply.
# Run 'gnuplot dm-response.gp' in this folder to draw dm-response.dat into dm-response.svg and dm-response.png.
do for [tg_pass = 1:2] {
reset
set encoding utf8
if (tg_pass == 1) {
  set terminal svg size 900,500 fixed font 'Arial,12' noenhanced background '#FFFFFF'
  set output 'dm-response.svg'
} else {
  set terminal pngcairo size 1800,1000 font 'Arial,12' fontscale 2 linewidth 2 pointscale 2 noenhanced background '#FFFFFF'
  set output 'dm-response.png'
}
set title 'How fast you answer DMs' font ',16' textcolor rgb '#222222'
set border 3 lc rgb '#666666'
set tics nomirror out scale 0.6 textcolor rgb '#222222'
set xlabel textcolor rgb '#222222'
set ylabel textcolor rgb '#222222'
set key noenhanced textcolor rgb '#222222'
set xrange [-0.6:8.6]
set yrange [0:2]
set ytics 0,1
set xtics scale 0
set xlabel 'time from their message to your reply'
set ylabel 'replies'
set grid ytics back lt 1 lc rgb '#E3E3E3'
unset key
set boxwidth 0.8 absolute
set style fill solid 1.0 noborder
set label 1 '1 reply; median 1 day 3 h; 90% within 1 day 3 h' at graph 0.98,0.94 right textcolor rgb '#222222'
plot 'dm-response.dat' using 1:5:xtic(2) with boxes fc rgb '#D55E00' notitle, \
     '' using 1:($5>0?$5:NaN):(stringcolumn(5)) with labels center offset char 0,0.7 textcolor rgb '#222222' notitle
unset output
}
