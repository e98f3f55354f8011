set terminal pngcairo size 900,600
set output 'index_recall.png'
set title 'Sketch index: recall against wall-time speed-up (labels: radius)'
set xlabel 'speed-up over brute force (wall time, same run)'
set ylabel 'recall (mate returned at or below threshold), 95% Wilson'
set key bottom left
set grid
plot 'index_recall.dat' index 0 using 1:2:3:4 with yerrorlines title 'genuine mean 0.11', '' index 0 using 1:2:5 with labels offset 1,0.6 notitle, 'index_recall.dat' index 1 using 1:2:3:4 with yerrorlines title 'genuine mean 0.20', '' index 1 using 1:2:5 with labels offset 1,0.6 notitle, 'index_recall.dat' index 2 using 1:2:3:4 with yerrorlines title 'genuine mean 0.25', '' index 2 using 1:2:5 with labels offset 1,0.6 notitle
