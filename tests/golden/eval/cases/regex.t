# A literal pattern that does not compile: the reason, as for a variable one.
$ levin eval '"a".matches("(")'
error: error parsing regexp: missing closing ): (
[exit 1]

$ levin eval 'matches("a", "[")'
error: error parsing regexp: missing closing ]: [
[exit 1]

$ levin eval --var 're="("' '"a".matches(re)'
error: error parsing regexp: missing closing ): (
[exit 1]

$ levin eval '"abc".matches("b+")'
true
