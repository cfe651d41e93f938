# talkgraph chart 'activity': Tweets and DMs per month
# How much you posted each month, by kind of tweet, with the direct messages you sent and received as lines.
# Run 'gnuplot activity.gp' in this folder to draw activity.dat into activity.svg and activity.png.
do for [tg_pass = 1:2] {
reset
set encoding utf8
if (tg_pass == 1) {
  set terminal svg size 900,500 fixed font 'Arial,12' noenhanced background '#FFFFFF'
  set output 'activity.svg'
} else {
  set terminal pngcairo size 1800,1000 font 'Arial,12' fontscale 2 linewidth 2 pointscale 2 noenhanced background '#FFFFFF'
  set output 'activity.png'
}
set title 'Tweets and DMs per month' font ',16' textcolor rgb '#222222'
set border 3 lc rgb '#666666'
set tics nomirror out scale 0.6 textcolor rgb '#222222'
set xlabel textcolor rgb '#222222'
set ylabel textcolor rgb '#222222'
set key noenhanced textcolor rgb '#222222'
unset title
set multiplot title 'Tweets and DMs per month' font ',16'
set lmargin at screen 0.09
set rmargin at screen 0.77
set tmargin at screen 0.89
set bmargin at screen 0.42
set xtics ("" 0, "" 1, "" 2, "" 3)
set xrange [-0.5:3.5]
set yrange [0:*]
set ytics 0,2
set ylabel 'tweets per month'
set grid ytics back lt 1 lc rgb '#E3E3E3'
set key at screen 0.78,0.89 left top Left reverse samplen 1.2 spacing 1.15 font ',11'
set boxwidth 0.8 absolute
set style fill solid 1.0 border rgb '#FFFFFF'
plot keyentry with boxes fc rgb '#BBBBBB' title 'retweets', \
     keyentry with boxes fc rgb '#F0E442' title 'self-replies (threads)', \
     keyentry with boxes fc rgb '#009E73' title 'original tweets', \
     keyentry with boxes fc rgb '#CC79A7' title 'quotes', \
     keyentry with boxes fc rgb '#0072B2' title 'replies', \
     'activity.dat' using 1:($4+$7+$3+$5+$6) with boxes fc rgb '#BBBBBB' notitle, \
     '' using 1:($4+$7+$3+$5) with boxes fc rgb '#F0E442' notitle, \
     '' using 1:($4+$7+$3) with boxes fc rgb '#009E73' notitle, \
     '' using 1:($4+$7) with boxes fc rgb '#CC79A7' notitle, \
     '' using 1:($4) with boxes fc rgb '#0072B2' notitle
unset title
set tmargin at screen 0.36
set bmargin at screen 0.12
set xtics ("Jan 2021" 0, "Feb" 1, "Mar" 2, "Apr" 3)
set xrange [-0.5:3.5]
set yrange [0:*]
set ytics 0,1
set ylabel 'DMs per month'
set key at screen 0.78,0.36 left top Left reverse samplen 2 spacing 1.15 font ',11'
plot 'activity.dat' using 1:8 with lines lw 2 lc rgb '#D55E00' title 'DMs sent', \
     '' using 1:9 with lines lw 2 dt (5,2) lc rgb '#E69F00' title 'DMs received'
unset multiplot
unset output
}
