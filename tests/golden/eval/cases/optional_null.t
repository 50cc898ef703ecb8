# null is assignable to optional<T>, but it is no optional at run time:
# optional functions fail on it (cel-go: no such overload), in either order.
$ levin eval --type 'true ? null : optional.of(1)'
null : optional<int>

$ levin eval '(true ? null : optional.of(1)).hasValue()'
error: found no matching overload for 'hasValue' applied to '(null_type)'
[exit 1]

$ levin eval '(true ? null : optional.of(1)).orValue(2)'
error: found no matching overload for 'orValue' applied to '(null_type, int)'
[exit 1]

$ levin eval '(false ? optional.of(1) : null).hasValue()'
error: found no matching overload for 'hasValue' applied to '(null_type)'
[exit 1]

$ levin eval '(false ? optional.of(1) : null).value()'
error: found no matching overload for 'value' applied to '(null_type)'
[exit 1]

$ levin eval '(true ? null : optional.of({"a": 1})).?a'
error: no matching overload: expected optional, got null
[exit 1]

$ levin eval '(true ? null : optional.of(1)).optMap(x, x + 1)'
error: no matching overload: expected optional, got null
[exit 1]

$ levin eval 'optional.none().hasValue()'
false

$ levin eval '(false ? null : optional.of(1)).orValue(2)'
1
