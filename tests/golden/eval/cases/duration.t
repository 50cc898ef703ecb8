# int(duration) is whole nanoseconds; duration(int) takes nanoseconds.
$ levin eval --type 'int(duration("1s"))'
1000000000 : int

$ levin eval 'int(dyn(duration("1s")))'
1000000000

$ levin eval 'int(duration("-1.5s"))'
-1500000000

$ levin eval 'int(duration("-0.000000001s"))'
-1

# Durations reach ±10000 years; int64 nanoseconds only ±292.
$ levin eval 'int(duration("315576000000s"))'
error: integer overflow: duration beyond int64 nanoseconds
[exit 1]

$ levin eval --type 'duration(1500000000)'
duration("1.5s") : duration

$ levin eval 'duration(dyn(-1))'
duration("-0.000000001s")

# Unary minus on durations (docs/reference/values.md).
$ levin eval --type '-duration("1.5s")'
duration("-1.5s") : duration

$ levin eval '-dyn(duration("-315576000000s"))'
duration("315576000000s")
