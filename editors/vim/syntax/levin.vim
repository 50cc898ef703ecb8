" Vim syntax file
" Language:    Levin rules (*.rule): declarations around CEL expressions
" Maintainer:  the Levin project (editors/vim)
"
" The keyword lists follow grammar/lex.re and the function lists
" stdlib/builtins.def; editors/keywords_test.py fails when they drift apart.
" Legacy Vim script only, so it works in Vim 8+ and Neovim alike.
"
" Among items that start at the same column the one defined last wins (and
" keywords beat everything), so the order below is deliberate: operators
" before comments, '.' before '.5', type names before conversion calls.

if exists('b:current_syntax')
  finish
endif
let s:cpo_save = &cpo
set cpo&vim

syn case match
syn iskeyword @,48-57,_

" --- keywords (grammar/lex.re, between "keywords: begin" and "keywords: end")
syn keyword levinInclude      package nextgroup=levinPackageName skipwhite
syn keyword levinInclude      import
syn keyword levinDeclaration  schema nextgroup=levinSchemaName skipwhite
syn keyword levinDeclaration  stream nextgroup=levinStreamName skipwhite
syn keyword levinDeclaration  let nextgroup=levinLetName skipwhite
syn keyword levinDeclaration  def nextgroup=levinDefName skipwhite
syn keyword levinDeclaration  rule nextgroup=levinRuleName skipwhite
syn keyword levinKeyword      from nextgroup=levinStreamSubject skipwhite skipnl skipempty
syn keyword levinKeyword      on as priority json
syn keyword levinConditional  when then
syn keyword levinAction       publish nextgroup=levinSubject,levinTripleString,levinSubjectComment skipwhite skipnl skipempty
syn keyword levinAction       log nextgroup=levinLogLevel skipwhite
syn keyword levinOperatorWord in
syn keyword levinBoolean      true false
syn keyword levinNull         null
" CEL's reserved words: an error as a name, still words the lexer knows.
syn keyword levinReserved     break const continue else for function if loop
syn keyword levinReserved     namespace return var void while

" --- operators and stray characters
syn match levinError    "[;$&|@#^~`\\]"
syn match levinOperator "&&\|||\|==\|!=\|<=\|>=\|[<>!+\-*/%?=]"
" A field name between backticks (`content-type`), as the lexer reads it: up
" to the next backtick on the same line; what it holds is just the name. A
" backtick without a closing one stays an error. After a dot it is a
" levinMember, in a schema a levinFieldName; elsewhere (a message literal's
" key) it is plain, as a name without backticks there is.
syn match levinQuotedName "`[^`]\+`"

" --- declared names, parameters and type annotations
syn match levinPackageName contained "\h\w*\%(\s*\.\s*\h\w*\)*"
syn match levinSchemaName  contained "\h\w*" nextgroup=levinSchemaBody skipwhite skipnl skipempty
syn match levinStreamName  contained "\h\w*" nextgroup=levinAnnotation skipwhite
syn match levinLetName     contained "\h\w*" nextgroup=levinAnnotation skipwhite
syn match levinDefName     contained "\h\w*" nextgroup=levinParams skipwhite
syn match levinRuleName    contained "\h\w*"
syn match levinLogLevel    contained "\<\%(debug\|info\|warn\|error\)\>"
syn region levinParams contained matchgroup=levinParen start="(" end=")"
      \ contains=levinParamName,levinComment,levinBlockComment
      \ nextgroup=levinAnnotation skipwhite
syn match levinParamName   contained "\h\w*" nextgroup=levinAnnotation skipwhite
syn match levinAnnotation  contained ":" nextgroup=levinTypeName,levinBuiltinType skipwhite
syn match levinTypeName    contained "\h\w*\%(\.\h\w*\)*" nextgroup=levinTypeArgs,levinOptional skipwhite
syn region levinTypeArgs   contained matchgroup=levinTypeDelim start="<" end=">"
      \ contains=levinTypeName,levinBuiltinType nextgroup=levinOptional skipwhite
syn match levinOptional    contained "?"
syn match levinBuiltinType "\<\%(int\|uint\|double\|bool\|string\|bytes\|timestamp\|duration\|dyn\|list\|map\|null_type\)\>"
      \ nextgroup=levinTypeArgs,levinOptional skipwhite
" A schema body: `name: type = default json "key"`, by line or by comma.
syn region levinSchemaBody contained matchgroup=levinBrace start="{" end="}"
      \ contains=levinFieldDecl,@levinExpr
" The item starts at the blanks before the name, ahead of any keyword, so a
" field called `from` still reads as a field.
syn match levinFieldDecl   contained transparent "\%(^\|[{,]\)\@1<=\s*\%(\h\w*\|`[^`]\+`\)\ze\s*:"
      \ contains=levinFieldName nextgroup=levinAnnotation skipwhite
syn match levinFieldName   contained "\h\w*\|`[^`]\+`"
" A message literal names its schema: Alert{...}
syn match levinMessageType "\%(\.?\=\)\@2<!\<\h\w*\%(\.\h\w*\)*\ze\s*{"

" --- calls: the CEL macros and the standard library (stdlib/builtins.def)
syn match levinMacro    "\<has\ze\s*("
syn match levinFunction "\<\%(bool\|bytes\|double\|duration\|dyn\|int\|matches\|size\|string\|timestamp\|type\|uint\)\ze\s*("
syn match levinFunction "\<math\.\%(abs\|bitAnd\|bitNot\|bitOr\|bitShiftLeft\|bitShiftRight\|bitXor\|ceil\|floor\|greatest\|isFinite\|isInf\|isNaN\|least\|round\|sign\|sqrt\|trunc\)\ze\s*("
syn match levinFunction "\<optional\.\%(none\|of\|ofNonZeroValue\)\ze\s*("
syn match levinFunction "\<strings\.quote\ze\s*("
syn match levinFunction "\<base64\.\%(decode\|encode\)\ze\s*("

" After '.' (or '.?') comes a field or a method, never a keyword: a field
" named `from` or `log` reads as a field, as the grammar has it.
syn match levinDot "\.?\=" nextgroup=levinMember,levinMemberFunction,levinMemberMacro skipwhite
syn match levinMember         contained "\h\w*\|`[^`]\+`"
syn match levinMemberFunction contained "\<\%(charAt\|contains\|endsWith\|format\|getDate\|getDayOfMonth\|getDayOfWeek\|getDayOfYear\|getFullYear\|getHours\|getMilliseconds\|getMinutes\|getMonth\|getSeconds\|hasValue\|indexOf\|join\|lastIndexOf\|lowerAscii\|matches\|or\|orValue\|replace\|reverse\|size\|split\|startsWith\|substring\|trim\|upperAscii\|value\)\ze\s*("
syn match levinMemberMacro    contained "\<\%(all\|exists_one\|exists\|map\|filter\)\ze\s*("

" --- numbers: 12 12u 0x1F 0x1Fu 1.5 .5 1e10 2.5e-3 (a digit run that is none
" of these is malformed)
syn match levinNumberError "\<\d\w*"
syn match levinNumber "\<\d\+[uU]\=\>"
syn match levinNumber "\<0[xX]\x\+[uU]\=\>"
syn match levinFloat  "\<\d\+[eE][+-]\=\d\+\>"
syn match levinFloat  "\<\d\+\.\d\+\%([eE][+-]\=\d\+\)\=\>"
syn match levinFloat  "\%([])}[:alnum:]_]\)\@1<!\.\d\+\%([eE][+-]\=\d\+\)\=\>"

" --- subjects. After `publish`: a template whose ${...} parts are CEL (with
" strings and braces of their own); a wildcard there is an error. After
" `from`: a pattern with {name} captures and * and > wildcards.
syn region levinSubject contained start=+"+ skip=+\\\\\|\\"+ end=+"+ end=+$+
      \ contains=levinTemplate,levinEscape,levinEscapeError,levinSubjectError
syn region levinSubject contained start=+'+ skip=+\\\\\|\\'+ end=+'+ end=+$+
      \ contains=levinTemplate,levinEscape,levinEscapeError,levinSubjectError
syn match levinSubjectError contained "[*>]"
" Comments may come between `publish` and its subject.
syn match levinSubjectComment contained "//.*$"
      \ nextgroup=levinSubject,levinTripleString,levinSubjectComment skipwhite skipnl skipempty
syn region levinSubjectComment contained start="/\*" end="\*/"
      \ nextgroup=levinSubject,levinTripleString,levinSubjectComment skipwhite skipnl skipempty
syn region levinTemplate contained matchgroup=levinTemplateDelim start="\${" end="}"
      \ contains=@levinExpr,levinInnerBraces
syn region levinInnerBraces contained transparent matchgroup=levinBrace start="{" end="}"
      \ contains=@levinExpr,levinInnerBraces
syn region levinStreamSubject contained start=+"+ skip=+\\\\\|\\"+ end=+"+ end=+$+
      \ contains=levinCapture,levinWildcard,levinEscape,levinEscapeError
syn region levinStreamSubject contained start=+'+ skip=+\\\\\|\\'+ end=+'+ end=+$+
      \ contains=levinCapture,levinWildcard,levinEscape,levinEscapeError
syn match levinWildcard contained +\%(["'.]\)\@1<=\*\ze["'.]+
syn match levinWildcard contained +\%(["'.]\)\@1<=>\ze["']+
syn match levinCapture  contained +\%(["'.]\)\@1<={\h\w*}\ze["'.]+

" --- strings: "..." '...' """...""" '''...''', r (raw) and b (bytes) prefixes
syn match levinEscapeError contained "\\."
syn match levinEscape      contained +\\\%([abfnrtv\\?"'`]\|[xX]\x\{2}\|u\x\{4}\|U\x\{8}\|[0-3]\o\{2}\)+
syn region levinString start=+\%(\<[bB]\)\="+ skip=+\\\\\|\\"+ end=+"+ end=+$+
      \ contains=levinEscape,levinEscapeError
syn region levinString start=+\%(\<[bB]\)\='+ skip=+\\\\\|\\'+ end=+'+ end=+$+
      \ contains=levinEscape,levinEscapeError
syn region levinRawString start=+\<\%([rR]\|[bB][rR]\)"+ end=+"+ end=+$+
syn region levinRawString start=+\<\%([rR]\|[bB][rR]\)'+ end=+'+ end=+$+
syn region levinTripleString start=+\%(\<[bB]\)\="""+ skip=+\\\\\|\\"+ end=+"""+
      \ contains=levinEscape,levinEscapeError
syn region levinTripleString start=+\%(\<[bB]\)\='''+ skip=+\\\\\|\\'+ end=+'''+
      \ contains=levinEscape,levinEscapeError
syn region levinRawString start=+\<\%([rR]\|[bB][rR]\)"""+ end=+"""+
syn region levinRawString start=+\<\%([rR]\|[bB][rR]\)'''+ end=+'''+

" --- comments (after the operators: '/' must not hide '//')
syn keyword levinTodo contained TODO FIXME XXX NOTE
syn region levinComment      start="//" end="$" contains=levinTodo,@Spell
syn region levinBlockComment start="/\*" end="\*/" contains=levinTodo,@Spell

syn cluster levinExpr contains=levinComment,levinBlockComment,levinString,levinRawString,
      \levinTripleString,levinNumber,levinFloat,levinNumberError,levinBoolean,levinNull,
      \levinOperatorWord,levinReserved,levinMacro,levinFunction,levinDot,levinOperator,
      \levinBuiltinType,levinError,levinKeyword,levinConditional,levinAction,levinMessageType,
      \levinQuotedName

syn sync minlines=200

hi def link levinInclude        Include
hi def link levinDeclaration    Keyword
hi def link levinKeyword        Keyword
hi def link levinConditional    Conditional
hi def link levinAction         Statement
hi def link levinOperatorWord   Operator
hi def link levinReserved       Keyword
hi def link levinBoolean        Boolean
hi def link levinNull           Constant
hi def link levinPackageName    Identifier
hi def link levinSchemaName     Type
hi def link levinStreamName     Identifier
hi def link levinLetName        Identifier
hi def link levinDefName        Function
hi def link levinRuleName       Function
hi def link levinParamName      Identifier
hi def link levinLogLevel       Constant
hi def link levinTypeName       Type
hi def link levinMessageType    Type
hi def link levinBuiltinType    Type
hi def link levinOptional       Type
hi def link levinTypeDelim      Delimiter
hi def link levinFieldName      Identifier
hi def link levinTodo           Todo
hi def link levinComment        Comment
hi def link levinBlockComment   Comment
hi def link levinSubjectComment Comment
hi def link levinString         String
hi def link levinRawString      String
hi def link levinTripleString   String
hi def link levinSubject        String
hi def link levinStreamSubject  String
hi def link levinEscape         SpecialChar
hi def link levinEscapeError    Error
hi def link levinSubjectError   Error
hi def link levinTemplateDelim  Special
hi def link levinWildcard       SpecialChar
hi def link levinCapture        Identifier
hi def link levinNumber         Number
hi def link levinFloat          Float
hi def link levinNumberError    Error
hi def link levinMacro          Macro
hi def link levinFunction       Function
hi def link levinMemberFunction Function
hi def link levinMemberMacro    Macro
hi def link levinOperator       Operator
hi def link levinError          Error

let b:current_syntax = 'levin'
let &cpo = s:cpo_save
unlet s:cpo_save
