# The text in a conversion error is quoted whole, as a CEL string literal.
$ levin eval 'int("1\x00")'
error: type conversion error from 'string' to 'int': "1\x00" is not a decimal integer
[exit 1]

$ levin eval 'uint("1\x00")'
error: type conversion error from 'string' to 'uint': "1\x00" is not an unsigned decimal integer
[exit 1]

$ levin eval 'double("1\x00")'
error: type conversion error from 'string' to 'double': "1\x00" is not a number
[exit 1]

$ levin eval 'bool("t\x00")'
error: type conversion error from 'string' to 'bool': "t\x00" is not one of true, false, True, False, TRUE, FALSE, t, f, T, F, 1, 0
[exit 1]

$ levin eval 'int("a\nb")'
error: type conversion error from 'string' to 'int': "a\nb" is not a decimal integer
[exit 1]

$ levin eval 'int("99999999999999999999")'
error: range error converting "99999999999999999999" to int
[exit 1]

$ levin eval 'int("12345678901234567890123456789012345678901234567890")'
error: range error converting "12345678901234567890123456789012..." to int
[exit 1]
