# An expression may start with '-'.
$ levin eval '-dyn(1)'
-1

$ levin eval --type '-x'
<expr>:1:2: error: undeclared name 'x' [E0301]
-x
 ^
[exit 2]

$ levin eval -2.5e-10
-2.5e-10

$ levin eval --var x=3 --type '-x'
-3.0 : dyn

$ levin eval -O1 '-(1)'
-1

$ levin eval -O 3 '-1'
-1

# `--` ends the options.
$ levin eval --type -- '--1'
1 : int

# Arguments starting with "--" stay options.
$ levin eval --typo 1
levin eval: unknown option '--typo'
(see `levin eval --help`)
[exit 2]
