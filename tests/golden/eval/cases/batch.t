# Each input line gives exactly one output line: several diagnostics are
# joined with "; ".
$ levin eval --batch batch-lines.txt
error: <expr>:1:1: error: undeclared name 'a' [E0301]; <expr>:1:5: error: undeclared name 'b' [E0301]
2
error: division by zero
-1
error: error parsing regexp: missing closing ): (

$ levin eval --type --batch batch-lines.txt
error: <expr>:1:1: error: undeclared name 'a' [E0301]; <expr>:1:5: error: undeclared name 'b' [E0301]
2 : int
error: division by zero
-1 : int
error: error parsing regexp: missing closing ): (
