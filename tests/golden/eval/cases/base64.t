# The encoders extension: base64.encode(bytes) -> string, base64.decode(string) -> bytes.
$ levin eval --type 'base64.encode(b"hello")'
"aGVsbG8=" : string

$ levin eval --type 'base64.decode("aGVsbG8=")'
b"hello" : bytes

$ levin eval 'base64.decode("aGVsbG8")'
b"hello"

$ levin eval 'base64.encode(b"")'
""

$ levin eval 'base64.decode("aGVsbG8==")'
error: base64.decode: illegal base64 data at input byte 7
[exit 1]

$ levin eval 'base64.decode(" aGVsbG8=")'
error: base64.decode: illegal base64 data at input byte 8
[exit 1]

$ levin eval 'base64.encode("hello")'
<expr>:1:1: error: no matching overload for 'base64.encode' applied to (string) [E0401]
base64.encode("hello")
^~~~~~~~~~~~~
note: base64.encode is defined for (bytes)
[exit 2]
