" levin_test.vim - the Vim/Neovim plugin, headless. PACK is a directory
" holding pack/levin/start/levin -> editors/vim (run_tests.sh makes one):
"   vim -Nu NONE -i NONE -es --cmd 'set packpath=PACK' -S editors/vim/test/levin_test.vim
"   nvim --clean --headless -es --cmd 'set packpath^=PACK' -S editors/vim/test/levin_test.vim
" Checks that the package loads, file type detection, options, syntax groups
" at chosen places of editors/test/fixtures/*.rule, indentation, bracket
" matching and the auto-closing mappings. Writes one line per failure to
" $LEVIN_TEST_OUT (or stdout) and exits 1 on any.

let s:here = expand('<sfile>:p:h')
let s:plugin = fnamemodify(s:here, ':h')
let s:fixtures = fnamemodify(s:plugin, ':h') . '/test/fixtures'
let s:failures = []
let s:checks = 0

function! s:Fail(msg) abort
  call add(s:failures, a:msg)
endfunction

function! s:Equal(want, got, what) abort
  let s:checks += 1
  if a:want !=# a:got
    call s:Fail(a:what . ': expected ' . string(a:want) . ', got ' . string(a:got))
  endif
endfunction

" --- the package: Neovim loaded it at startup; `vim -u NONE` does not -------
packloadall
filetype plugin indent on
syntax on

" --- the line holding KEY (a literal, not in an assertion comment) ---------
function! s:Line(key) abort
  for l in range(1, line('$'))
    let t = getline(l)
    if stridx(t, a:key) >= 0 && t !~# '^//\s*\%(\^\|<\)'
      return l
    endif
  endfor
  return 0
endfunction

" Expect(key, needle, group, trans): the character where NEEDLE first occurs
" at or after KEY on KEY's line is in syntax group GROUP, which (through the
" default highlight links) shows as TRANS. '' for TRANS skips that part.
function! s:Expect(key, needle, group, trans) abort
  let l = s:Line(a:key)
  if l == 0
    call s:Fail('no line has ' . string(a:key))
    return
  endif
  let t = getline(l)
  let c = stridx(t, a:needle, stridx(t, a:key))
  if c < 0
    call s:Fail('line ' . l . ' has no ' . string(a:needle))
    return
  endif
  let id = synID(l, c + 1, 1)
  let where = printf('%s:%d:%d %s', expand('%:t'), l, c + 1, string(a:needle))
  call s:Equal(a:group, synIDattr(id, 'name'), where . ' group')
  if a:trans !=# ''
    call s:Equal(a:trans, synIDattr(synIDtrans(id), 'name'), where . ' highlight')
  endif
endfunction

" --- plant.rule: detection, options, every kind of declaration -------------
execute 'edit ' . fnameescape(s:fixtures . '/plant.rule')
call s:Equal('levin', &filetype, 'filetype of plant.rule')
call s:Equal('levin', get(b:, 'current_syntax', ''), 'b:current_syntax')
call s:Equal('// %s', &commentstring, 'commentstring')
call s:Equal('LevinIndent()', &indentexpr, 'indentexpr')
call s:Equal(2, &shiftwidth, 'shiftwidth')
call s:Equal(1, &expandtab, 'expandtab')
call s:Equal(1, stridx(&matchpairs, '{:}') >= 0, 'matchpairs has {:}')
for s:part in ['ftdetect', 'ftplugin', 'indent', 'syntax']
  " (the package is a symbolic link; Vim lists the files it resolves to)
  call s:Equal(1, stridx(execute('scriptnames'), resolve(s:plugin) . '/' . s:part . '/levin.vim') >= 0,
        \ s:part . '/levin.vim sourced from the package')
endfor

call s:Expect('// plant.rule', '//', 'levinComment', 'Comment')
call s:Expect('package acme', 'package', 'levinInclude', 'PreProc')
call s:Expect('package acme', 'acme', 'levinPackageName', 'Identifier')
call s:Expect('import "common', 'import', 'levinInclude', 'PreProc')
call s:Expect('import "common', 'common', 'levinString', 'Constant')
call s:Expect('schema Reading', 'schema', 'levinDeclaration', 'Statement')
call s:Expect('schema Reading', 'Reading', 'levinSchemaName', 'Type')
call s:Expect('  device:   string', 'device', 'levinFieldName', 'Identifier')
call s:Expect('  device:   string', 'string', 'levinBuiltinType', 'Type')
call s:Expect('humidity: double?', '?', 'levinOptional', 'Type')
call s:Expect('status:   string', '"ok"', 'levinString', 'Constant')
call s:Expect('status:   string', 'json', 'levinKeyword', 'Statement')
call s:Expect('tags:     list<', 'list', 'levinBuiltinType', 'Type')
call s:Expect('tags:     list<', '<', 'levinTypeDelim', 'Special')
call s:Expect('tags:     list<', 'string', 'levinBuiltinType', 'Type')
call s:Expect('loc:      Location', 'Location', 'levinTypeName', 'Type')
call s:Expect('count:    uint', '0u', 'levinNumber', 'Constant')
call s:Expect('schema Alert', 'temp', 'levinFieldName', 'Identifier')
call s:Expect('schema Alert', 'double', 'levinBuiltinType', 'Type')
call s:Expect('stream readings', 'stream', 'levinDeclaration', 'Statement')
call s:Expect('stream readings', 'readings', 'levinStreamName', 'Identifier')
call s:Expect('stream readings', 'Reading', 'levinTypeName', 'Type')
call s:Expect('stream readings', 'from', 'levinKeyword', 'Statement')
call s:Expect('stream readings', 'plant.', 'levinStreamSubject', 'Constant')
call s:Expect('stream readings', '{site}', 'levinCapture', 'Identifier')
call s:Expect('stream readings', 'site}', 'levinCapture', 'Identifier')
call s:Expect('stream readings', '*', 'levinWildcard', 'Special')
call s:Expect('stream readings', '.reading', 'levinStreamSubject', 'Constant')
call s:Expect('stream everything', '>', 'levinWildcard', 'Special')
call s:Expect('let plants', 'let', 'levinDeclaration', 'Statement')
call s:Expect('let plants', 'plants', 'levinLetName', 'Identifier')
call s:Expect('let limit', 'double', 'levinBuiltinType', 'Type')
call s:Expect('let limit', '80.0', 'levinFloat', 'Constant')
call s:Expect('def hot', 'def', 'levinDeclaration', 'Statement')
call s:Expect('def hot', 'hot', 'levinDefName', 'Identifier')
call s:Expect('def hot', 'r:', 'levinParamName', 'Identifier')
call s:Expect('def hot', 'Reading', 'levinTypeName', 'Type')
call s:Expect('def hot', 'bool', 'levinBuiltinType', 'Type')
call s:Expect('def hot', 'in plants', 'levinOperatorWord', 'Statement')
call s:Expect('def hot', '&&', 'levinOperator', 'Statement')
call s:Expect('def hot', 'temp', 'levinMember', 'levinMember')
call s:Expect('rule overheat', 'rule', 'levinDeclaration', 'Statement')
call s:Expect('rule overheat', 'overheat', 'levinRuleName', 'Identifier')
call s:Expect('on readings as r', 'on', 'levinKeyword', 'Statement')
call s:Expect('on readings as r', 'as', 'levinKeyword', 'Statement')
call s:Expect('when hot(r, limit)', 'when', 'levinConditional', 'Statement')
call s:Expect('when hot(r, limit)', '!=', 'levinOperator', 'Statement')
call s:Expect('  then {', 'then', 'levinConditional', 'Statement')
call s:Expect('publish "alerts.overheat', 'publish', 'levinAction', 'Statement')
call s:Expect('publish "alerts.overheat', 'alerts', 'levinSubject', 'Constant')
call s:Expect('publish "alerts.overheat', '${', 'levinTemplateDelim', 'Special')
call s:Expect('publish "alerts.overheat', 'r.site', 'levinTemplate', 'levinTemplate')
call s:Expect('publish "alerts.overheat', 'site', 'levinMember', 'levinMember')
call s:Expect('publish "alerts.overheat', '}', 'levinTemplateDelim', 'Special')
call s:Expect('publish "alerts.overheat', 'Alert', 'levinMessageType', 'Type')
call s:Expect('message: "temperature', 'format', 'levinMemberFunction', 'Identifier')
call s:Expect('rule humid priority', 'priority', 'levinKeyword', 'Statement')
call s:Expect('rule humid priority', '5', 'levinNumber', 'Constant')
call s:Expect('when has(r.humidity)', 'has', 'levinMacro', 'PreProc')
call s:Expect('when has(r.humidity)', 'exists', 'levinMemberMacro', 'PreProc')
call s:Expect('when has(r.humidity)', 'startsWith', 'levinMemberFunction', 'Identifier')
call s:Expect('then publish "alerts.humid"', 'true', 'levinBoolean', 'Constant')
call s:Expect('then publish "alerts.humid"', 'null', 'levinNull', 'Constant')
call s:Expect('when size(e.tags)', 'size', 'levinFunction', 'Identifier')
call s:Expect('when size(e.tags)', '0x10', 'levinNumber', 'Constant')
call s:Expect('when size(e.tags)', "'v'", 'levinString', 'Constant')
call s:Expect('when size(e.tags)', '12u', 'levinNumber', 'Constant')
call s:Expect('when size(e.tags)', 'type(', 'levinFunction', 'Identifier')
call s:Expect('when size(e.tags)', '== double', 'levinOperator', 'Statement')
call s:Expect('when size(e.tags)', 'double', 'levinBuiltinType', 'Type')
call s:Expect('|| duration("10m")', 'duration', 'levinFunction', 'Identifier')
call s:Expect('|| duration("10m")', 'math.greatest', 'levinFunction', 'Identifier')
call s:Expect('|| duration("10m")', 'false', 'levinBoolean', 'Constant')
call s:Expect('then log warn', 'log', 'levinAction', 'Statement')
call s:Expect('then log warn', 'warn', 'levinLogLevel', 'Constant')
call s:Expect('then log warn', '1.5e3', 'levinFloat', 'Constant')
call s:Expect('then log warn', '.5', 'levinFloat', 'Constant')
call s:Expect('then log warn', '2.5e-3', 'levinFloat', 'Constant')

" % jumps between the braces of a rule
call cursor(s:Line('rule overheat {'), 1)
normal! f{%
call s:Equal('}', getline('.')[col('.') - 1], '% from the { of rule overheat')
call s:Equal(1, col('.'), 'column of the matching }')

" --- tricky.rule: strings, comments and subjects ----------------------------
execute 'edit ' . fnameescape(s:fixtures . '/tricky.rule')
call s:Expect('/* a block comment with', '"a string"', 'levinBlockComment', 'Comment')
call s:Expect('and // a line comment marker', 'rule', 'levinBlockComment', 'Comment')
call s:Expect('  from: string, log: string', 'from', 'levinFieldName', 'Identifier')
call s:Expect('  from: string, log: string', 'log', 'levinFieldName', 'Identifier')
call s:Expect('  from: string, log: string', 'ruler', 'levinFieldName', 'Identifier')
call s:Expect('  from: string, log: string', 'scheduled', 'levinFieldName', 'Identifier')
call s:Expect('  from: string, log: string', 'format_on', 'levinFieldName', 'Identifier')
call s:Expect("stream evs: Ev from 'ev.", "'ev", 'levinStreamSubject', 'Constant')
call s:Expect("stream evs: Ev from 'ev.", 'name', 'levinCapture', 'Identifier')
call s:Expect("stream evs: Ev from 'ev.", '*', 'levinWildcard', 'Special')
call s:Expect("stream evs: Ev from 'ev.", '>', 'levinWildcard', 'Special')
call s:Expect('when e.m["a}b"]', 'a}b', 'levinString', 'Constant')
call s:Expect('when e.m["a}b"]', '\"', 'levinEscape', 'Special')
call s:Expect('when e.m["a}b"]', '// not', 'levinString', 'Constant')
call s:Expect('when e.m["a}b"]', 'comment"', 'levinString', 'Constant')
call s:Expect('&& e.name != r"raw', 'r"raw', 'levinRawString', 'Constant')
call s:Expect('&& e.name != r"raw', '\d', 'levinRawString', 'Constant')
call s:Expect('&& e.name != r"raw', '\" &&', 'levinRawString', 'Constant')
call s:Expect('&& e.name != r"raw', '&& e.name != R', 'levinOperator', 'Statement')
call s:Expect('&& e.name != r"raw', "R'x", 'levinRawString', 'Constant')
call s:Expect('&& e.data != b"', 'b"', 'levinString', 'Constant')
call s:Expect('&& e.data != b"', '\x41', 'levinEscape', 'Special')
call s:Expect('&& e.data != b"', '\101', 'levinEscape', 'Special')
call s:Expect('&& e.data != b"', "br'", 'levinRawString', 'Constant')
call s:Expect('&& e.data != b"', 'BR"', 'levinRawString', 'Constant')
call s:Expect('&& e.name != """triple', '"""', 'levinTripleString', 'Constant')
call s:Expect('&& e.name != """triple', 'quoted', 'levinTripleString', 'Constant')
call s:Expect('&& e.name != """triple', "' string", 'levinTripleString', 'Constant')
call s:Expect('&& e.name != """triple', '&& e.name != ''''''', 'levinOperator', 'Statement')
call s:Expect('&& e.name != """triple', "''triple''", 'levinTripleString', 'Constant')
call s:Expect('&& e.name != "\u00e9', '\u00e9', 'levinEscape', 'Special')
call s:Expect('&& e.name != "\u00e9', '\U0001F600', 'levinEscape', 'Special')
call s:Expect('&& e.name != "\u00e9', '\`', 'levinEscape', 'Special')
call s:Expect('&& e.from == "/*', 'from', 'levinMember', 'levinMember')
call s:Expect('&& e.from == "/*', '/* not', 'levinString', 'Constant')
call s:Expect('&& e.from == "/*', '// a comment', 'levinComment', 'Comment')
call s:Expect('&& e.from == "/*', '"a string"', 'levinComment', 'Comment')
call s:Expect('spanning lines, with', '//', 'levinTripleString', 'Constant')
call s:Expect('and keywords: rule when', 'rule', 'levinTripleString', 'Constant')
call s:Expect('and keywords: rule when', '&&', 'levinOperator', 'Statement')
call s:Expect('and keywords: rule when', 'ruler', 'levinMember', 'levinMember')
call s:Expect('and keywords: rule when', 'scheduled', 'levinMember', 'levinMember')
call s:Expect('and keywords: rule when', 'format_on', 'levinMember', 'levinMember')
call s:Expect('publish "alerts.${e.m["k}"]}', '"k}"', 'levinString', 'Constant')
call s:Expect('publish "alerts.${e.m["k}"]}', '}"]}', 'levinString', 'Constant')
call s:Expect('publish "alerts.${e.m["k}"]}', ']}.', 'levinTemplate', 'levinTemplate')
call s:Expect('publish "alerts.${e.m["k}"]}', '}.', 'levinTemplateDelim', 'Special')
call s:Expect('publish "alerts.${e.m["k}"]}', '.${', 'levinSubject', 'Constant')
call s:Expect('publish "alerts.${e.m["k}"]}', "'\"'", 'levinString', 'Constant')
call s:Expect('publish "alerts.${e.m["k}"]}', '.x"', 'levinSubject', 'Constant')
call s:Expect('publish "alerts.${e.m["k}"]}', '"v"', 'levinString', 'Constant')
call s:Expect("publish 'single.", 'single', 'levinSubject', 'Constant')
call s:Expect("publish 'single.", '"//"', 'levinString', 'Constant')
call s:Expect("publish 'single.", "}'", 'levinTemplateDelim', 'Special')
call s:Expect("publish 'single.", "' {", 'levinSubject', 'Constant')
call s:Expect('publish "plain//subject"', '//', 'levinSubject', 'Constant')
call s:Expect('publish // a comment may come', '// a', 'levinSubjectComment', 'Comment')
call s:Expect('"after.${e.name}.comment"', 'after', 'levinSubject', 'Constant')
call s:Expect('"after.${e.name}.comment"', '${', 'levinTemplateDelim', 'Special')
call s:Expect('log info {"from"', 'info', 'levinLogLevel', 'Constant')
call s:Expect('log info {"from"', 'from', 'levinString', 'Constant')
call s:Expect('log info {"from"', '.from', 'levinDot', '')
call s:Expect('log info {"from"', 'from,', 'levinMember', 'levinMember')
call s:Expect('log info {"from"', 'log}', 'levinMember', 'levinMember')

" --- quoted.rule: field names between backticks ---------------------------
" Shown as the same name without backticks is in each place: a field
" (levinFieldName) where declared, a levinMember after a dot, plain as a
" message literal's key. What the name holds is just the name.
execute 'edit ' . fnameescape(s:fixtures . '/quoted.rule')
call s:Expect('/* a backtick in a comment', '`not', 'levinBlockComment', 'Comment')
call s:Expect('  `content-type`: string', '`content', 'levinFieldName', 'Identifier')
call s:Expect('  `content-type`: string', '-type', 'levinFieldName', 'Identifier')
call s:Expect('  `content-type`: string', '`:', 'levinFieldName', 'Identifier')
call s:Expect('  `content-type`: string', 'string', 'levinBuiltinType', 'Type')
call s:Expect('  `x.y`:', '.y', 'levinFieldName', 'Identifier')
call s:Expect('  `x.y`:', 'int', 'levinBuiltinType', 'Type')
call s:Expect('  `x.y`:', '?', 'levinOptional', 'Type')
call s:Expect('  `x.y`:', 'json', 'levinKeyword', 'Statement')
call s:Expect('  `from`:   Loc', 'from', 'levinFieldName', 'Identifier')
call s:Expect('  `from`:   Loc', 'Loc', 'levinTypeName', 'Type')
call s:Expect('  `from`:   Loc', '//b', 'levinFieldName', 'Identifier')
call s:Expect('  `from`:   Loc', 'b`: string', 'levinFieldName', 'Identifier')
call s:Expect('  `from`:   Loc', 'string', 'levinBuiltinType', 'Type')
call s:Expect('  `from`:   Loc', '`",', 'levinString', 'Constant')
call s:Expect('  `from`:   Loc', 's "x"', 'levinFieldName', 'Identifier')
call s:Expect('  `from`:   Loc', '"x"`', 'levinFieldName', 'Identifier')
call s:Expect('  `from`:   Loc', 'int?', 'levinBuiltinType', 'Type')
call s:Expect('  `1x-{`:', '1x', 'levinFieldName', 'Identifier')
call s:Expect('  `1x-{`:', '{', 'levinFieldName', 'Identifier')
call s:Expect('  `1x-{`:', 'list', 'levinBuiltinType', 'Type')
call s:Expect('  plain:    string', 'plain', 'levinFieldName', 'Identifier')
call s:Expect('stream hs: Headers', 'stream', 'levinDeclaration', 'Statement')
call s:Expect('when e.`content-type`', '`content', 'levinMember', 'levinMember')
call s:Expect('when e.`content-type`', '-type', 'levinMember', 'levinMember')
call s:Expect('when e.`content-type`', '==', 'levinOperator', 'Statement')
call s:Expect('when e.`content-type`', '"text', 'levinString', 'Constant')
call s:Expect('when e.`content-type`', '.?`x', 'levinDot', '')
call s:Expect('when e.`content-type`', '`x.y`', 'levinMember', 'levinMember')
call s:Expect('when e.`content-type`', 'orValue', 'levinMemberFunction', 'Identifier')
call s:Expect('when e.`content-type`', 'has', 'levinMacro', 'PreProc')
call s:Expect('when e.`content-type`', 's "x"', 'levinMember', 'levinMember')
call s:Expect('when e.`content-type`', '"x"`', 'levinMember', 'levinMember')
call s:Expect('&& e.`from`.lat', 'from', 'levinMember', 'levinMember')
call s:Expect('&& e.`from`.lat', 'lat', 'levinMember', 'levinMember')
call s:Expect('&& e.`from`.lat', '0.0', 'levinFloat', 'Constant')
call s:Expect('&& e.`from`.lat', '//b', 'levinMember', 'levinMember')
call s:Expect('&& e.`from`.lat', '!=', 'levinOperator', 'Statement')
call s:Expect('&& e.`from`.lat', '"`"', 'levinString', 'Constant')
call s:Expect('&& e.`from`.lat', '`" &&', 'levinString', 'Constant')
call s:Expect('&& e.`from`.lat', 'size', 'levinFunction', 'Identifier')
call s:Expect('&& e.`from`.lat', '1x-{', 'levinMember', 'levinMember')
call s:Expect('&& e.`from`.lat', ') > 0', '', '')
call s:Expect('&& e.`from`.lat', '> 0', 'levinOperator', 'Statement')
call s:Expect('&& e.`from`.lat', '// `a', 'levinComment', 'Comment')
call s:Expect('&& e.`from`.lat', '`a comment`', 'levinComment', 'Comment')
call s:Expect('publish "out.${e.`', 'out', 'levinSubject', 'Constant')
call s:Expect('publish "out.${e.`', '${', 'levinTemplateDelim', 'Special')
call s:Expect('publish "out.${e.`', '`content', 'levinMember', 'levinMember')
call s:Expect('publish "out.${e.`', '}"', 'levinTemplateDelim', 'Special')
call s:Expect('publish "out.${e.`', 'Headers', 'levinMessageType', 'Type')
call s:Expect('publish "out.${e.`', '`content-type`:', 'levinQuotedName', 'levinQuotedName')
call s:Expect('publish "out.${e.`', '-type`:', 'levinQuotedName', 'levinQuotedName')
call s:Expect('publish "out.${e.`', '`content-type` +', 'levinMember', 'levinMember')
call s:Expect('publish "out.${e.`', '+', 'levinOperator', 'Statement')
call s:Expect('publish "out.${e.`', '"!"', 'levinString', 'Constant')
call s:Expect('publish "out.${e.`', '`x.y`:', 'levinQuotedName', 'levinQuotedName')
call s:Expect('publish "out.${e.`', '1,', 'levinNumber', 'Constant')
call s:Expect('`from`: e.`from`,', '`from`:', 'levinQuotedName', 'levinQuotedName')
call s:Expect('`from`: e.`from`,', 'from`,', 'levinMember', 'levinMember')
call s:Expect('`from`: e.`from`,', '//b', 'levinQuotedName', 'levinQuotedName')
call s:Expect('`from`: e.`from`,', '""', 'levinString', 'Constant')
call s:Expect('`from`: e.`from`,', '1x-{', 'levinQuotedName', 'levinQuotedName')
call s:Expect('`from`: e.`from`,', 'plain:', '', '')
call s:Expect('`from`: e.`from`,', 'plain}', 'levinMember', 'levinMember')
call s:Expect('log info e.`x.y`', 'info', 'levinLogLevel', 'Constant')
call s:Expect('log info e.`x.y`', 'x.y', 'levinMember', 'levinMember')

" --- invalid/unterminated.rule: a backtick with no closing one ---------------
" is an error on its own, and the rest of the line and the next ones read as
" usual.
execute 'edit ' . fnameescape(fnamemodify(s:fixtures, ':h') . '/invalid/unterminated.rule')
call s:Expect('schema H { a: string, `b', '`b', 'levinError', 'Error')
call s:Expect('schema H { a: string, `b', 'int', 'levinBuiltinType', 'Type')
call s:Expect('schema H { a: string, `b', 'c:', 'levinFieldName', 'Identifier')
call s:Expect('schema H { a: string, `b', '}', 'levinBrace', '')
call s:Expect('stream hs: H from', 'stream', 'levinDeclaration', 'Statement')
call s:Expect('stream hs: H from', 'from', 'levinKeyword', 'Statement')
call s:Expect('when e.`a == "x"', '`', 'levinError', 'Error')
call s:Expect('when e.`a == "x"', 'a ==', '', '')
call s:Expect('when e.`a == "x"', '==', 'levinOperator', 'Statement')
call s:Expect('when e.`a == "x"', '"x"', 'levinString', 'Constant')
call s:Expect('when e.`a == "x"', 'c >', 'levinMember', 'levinMember')
call s:Expect('&& e.``.c > 0', '``', 'levinError', 'Error')
call s:Expect('&& e.``.c > 0', '`.c', 'levinError', 'Error')
call s:Expect('&& e.``.c > 0', 'c >', 'levinMember', 'levinMember')
call s:Expect('then publish "out" H{a: "`", `b', '`", ', 'levinString', 'Constant')
call s:Expect('then publish "out" H{a: "`", `b', '`b', 'levinError', 'Error')
call s:Expect('    c: 1} // `', 'c:', '', '')
call s:Expect('    c: 1} // `', '1', 'levinNumber', 'Constant')
call s:Expect('    c: 1} // `', '// `', 'levinComment', 'Comment')

" --- indentation: strip indent.rule, re-indent, compare ----------------------
execute 'edit ' . fnameescape(s:fixtures . '/indent.rule')
let s:want = getline(1, '$')
enew!
setlocal filetype=levin
call setline(1, map(copy(s:want), 'substitute(v:val, "^\\s\\+", "", "")'))
normal! gg=G
let s:got = getline(1, '$')
for s:i in range(len(s:want))
  call s:Equal(s:want[s:i], get(s:got, s:i, '<missing>'), 'indent.rule line ' . (s:i + 1))
endfor

" --- auto-closing and indentation after { while typing ------------------------
enew!
setlocal filetype=levin
call feedkeys("irule r {\<CR>when has(x) && r[\"k\"] == 'v'\<Esc>", 'xt')
call s:Equal(['rule r {', '  when has(x) && r["k"] == ''v''', '}'], getline(1, '$'),
      \ 'typed brackets and quotes are closed, and the line after { indented')
enew!
setlocal filetype=levin
call feedkeys("ilet x = f(a)]\<Esc>", 'xt')
call s:Equal(['let x = f(a)]'], getline(1, '$'), 'typing ) over ) steps over it')

" --- b:undo_ftplugin takes the settings and mappings back ------------------
enew!
setlocal filetype=levin
call s:Equal(1, !empty(maparg('(', 'i')), 'the ( mapping is there')
execute b:undo_ftplugin
call s:Equal('', maparg('(', 'i') . maparg('"', 'i') . maparg("'", 'i') . maparg('<CR>', 'i'),
      \ 'mappings left after b:undo_ftplugin')
call s:Equal(&g:commentstring, &l:commentstring, 'commentstring after b:undo_ftplugin')

" --- report --------------------------------------------------------------------
let s:name = has('nvim') ? 'nvim' : 'vim'
" run_tests.sh names a file for the report; by hand it goes to stdout
let s:out = empty($LEVIN_TEST_OUT) ? '/dev/stdout' : $LEVIN_TEST_OUT
if empty(s:failures)
  call writefile([printf('%s: %d checks passed', s:name, s:checks)], s:out)
  qall!
endif
call writefile(map(copy(s:failures), 's:name . ": FAIL " . v:val')
      \ + [printf('%s: %d of %d checks failed', s:name, len(s:failures), s:checks)], s:out)
cquit!
