# math.sign of either zero is +0.0 (cel-go), so 1.0 / it is +Infinity.
$ levin eval 'math.sign(-0.0)'
0.0

$ levin eval '1.0 / math.sign(-0.0)'
double("Infinity")

$ levin eval 'math.sign(dyn(-0.0))'
0.0

$ levin eval 'math.sign(0.0)'
0.0

$ levin eval 'math.sign(-2.5)'
-1.0

$ levin eval 'math.sign(double("NaN"))'
double("NaN")
