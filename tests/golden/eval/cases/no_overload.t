# No overload for the run-time types: the error names the operator as CEL
# does and the argument types.
$ levin eval --unchecked '1 + 1u'
error: found no matching overload for '_+_' applied to '(int, uint)'
[exit 1]

$ levin eval 'dyn(1) + 1u'
error: found no matching overload for '_+_' applied to '(int, uint)'
[exit 1]

$ levin eval '-dyn(true)'
error: found no matching overload for '-_' applied to '(bool)'
[exit 1]

$ levin eval 'size(dyn(1))'
error: found no matching overload for 'size' applied to '(int)'
[exit 1]

$ levin eval 'dyn("a").contains(dyn(1))'
error: found no matching overload for 'contains' applied to '(string, int)'
[exit 1]

$ levin eval 'math.sign(dyn("x"))'
error: found no matching overload for 'math.sign' applied to '(string)'
[exit 1]

$ levin eval 'int(dyn(true))'
error: found no matching overload for 'int' applied to '(bool)'
[exit 1]
