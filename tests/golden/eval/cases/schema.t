# --schema/--event: the event's fields are names of their own. A message
# taken whole from the event prints every field (not only those selected).
$ levin eval --schema schema-event.rule:T --event '{"l1":{"name":"q","v":3},"ls":[{"name":"a","v":1}],"items":[1]}' 'l1'
L{name: "q", v: 3}

$ levin eval --schema schema-event.rule:T --event '{"l1":{"name":"q","v":3},"ls":[{"name":"a","v":1}],"items":[1]}' 'ls'
[L{name: "a", v: 1}]

$ levin eval --schema schema-event.rule:T --event '{"l1":{"name":"q","v":3},"ls":[{"name":"a","v":1}],"items":[1]}' 'l1.name + ls[0].name'
"qa"

# A misspelt field is suggested as the name it is here.
$ levin eval --schema schema-event.rule:T --event '{"l1":{"name":"q","v":3},"ls":[],"items":[1]}' 'itemz'
<expr>:1:1: error: undeclared name 'itemz' [E0301]
itemz
^~~~~
help: did you mean 'items'?
[exit 2]
