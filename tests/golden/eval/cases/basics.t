# Exit status 0: the value printed as a CEL literal.
$ levin eval '1 + 2'
3

$ levin eval --type '[1, 2].map(x, x * 2)'
[2, 4] : list<int>

$ levin eval --type '{"a": 1u}'
{"a": 1u} : map<string, uint>

# Exit status 1: the evaluation failed.
$ levin eval '1 / 0'
error: division by zero
[exit 1]

# Exit status 2: a compile error, with its caret, as levin check prints it.
$ levin eval '1 + "a"'
<expr>:1:1: error: no matching overload for '+' applied to (int, string) [E0401]
1 + "a"
^~~~~~~
help: + joins two strings: convert the other operand with string(x), or format: "%s (%d)".format([name, n])
[exit 2]

$ levin eval 'nope + 1'
<expr>:1:1: error: undeclared name 'nope' [E0301]
nope + 1
^~~~
[exit 2]

# Usage errors are exit status 2 too.
$ levin eval
levin eval: no expression given
(see `levin eval --help`)
[exit 2]

$ levin eval --bogus 1
levin eval: unknown option '--bogus'
(see `levin eval --help`)
[exit 2]

$ levin eval --var 'x=' 'x'
levin eval: --var x: invalid JSON: expected a value, found end of input (at byte 0)
[exit 2]

# ?: with a dyn branch is dyn, in either order; so is orValue with a dyn
# optional; an empty list gives way to what it is joined with.
$ levin eval --type 'true ? dyn(1) : "x"'
1 : dyn

$ levin eval --type 'false ? "x" : dyn(1)'
1 : dyn

$ levin eval --type 'optional.of(dyn(1)).orValue("x")'
1 : dyn

$ levin eval --type '[] + [1]'
[1] : list<int>
