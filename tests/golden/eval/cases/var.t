# Integer JSON for int and uint variables is read exactly.
$ levin eval --type --var 'x:int=9007199254740993' 'x'
9007199254740993 : int

$ levin eval --var 'x:int=9223372036854775807' 'x'
9223372036854775807

$ levin eval --var 'x:int=-9223372036854775808' 'x'
-9223372036854775808

$ levin eval --var 'x:int=9223372036854775808' 'x'
levin eval: --var x: the JSON value does not fit type int
[exit 2]

$ levin eval --var 'x:uint=18446744073709551615' 'x'
18446744073709551615u

$ levin eval --var 'x:uint=18446744073709551616' 'x'
levin eval: --var x: the JSON value does not fit type uint
[exit 2]

$ levin eval --var 'x:uint=-1' 'x'
levin eval: --var x: the JSON value does not fit type uint
[exit 2]

$ levin eval --var 'x:int=1e3' 'x'
1000

$ levin eval --var 'x:int=1.5' 'x'
levin eval: --var x: the JSON value does not fit type int
[exit 2]

# Untyped, a JSON number is a double.
$ levin eval --type --var 'x=9007199254740993' 'x'
9007199254740992.0 : dyn
