" Vim indent file: Levin rules (*.rule)
" A line inside brackets is one 'shiftwidth' deeper than the line that opened
" the innermost of them; a line starting with the closer goes back to that
" line's indent; a line that continues an expression (the line above ended
" in an operator such as && || + ==, or this one starts with one) gets one
" more step. Lines inside a block comment line up under its first star;
" lines inside a triple-quoted string are left alone.

if exists('b:did_indent')
  finish
endif
let b:did_indent = 1

setlocal autoindent nosmartindent nocindent
setlocal indentexpr=LevinIndent()
setlocal indentkeys=0{,0},0),0],!^F,o,O,e
let b:undo_indent = 'setlocal autoindent< smartindent< cindent< indentexpr< indentkeys<'

if exists('*LevinIndent')
  finish
endif

" (a bracket in a quoted field name, `a{b`, is part of the name: the groups
" that hold one are Member, FieldName and QuotedName)
let s:skip = 'synIDattr(synID(line("."), col("."), 1), "name") =~# '
      \ . '"Comment\\|String\\|Subject\\|Template\\|Capture\\|Member\\|FieldName\\|QuotedName"'

function! s:Group(lnum, col) abort
  return synIDattr(synID(a:lnum, a:col, 1), 'name')
endfunction

" The previous line with code, skipping blank and comment-only lines.
function! s:PrevCode(lnum) abort
  let l = prevnonblank(a:lnum - 1)
  while l > 0 && getline(l) =~# '^\s*\%(//\|/\*\|\*\)' && s:Group(l, indent(l) + 1) =~# 'Comment'
    let l = prevnonblank(l - 1)
  endwhile
  return l
endfunction

" The innermost bracket open at the start of lnum: [line, col], or [0, 0].
function! s:Opener(lnum) abort
  let save = getpos('.')
  call cursor(a:lnum, 1)
  let pos = searchpairpos('[{(\[]', '', '[})\]]', 'bnW', s:skip)
  call setpos('.', save)
  return pos
endfunction

function! LevinIndent() abort
  let lnum = v:lnum
  let text = getline(lnum)
  let first = s:Group(lnum, 1)
  if first =~# 'TripleString\|RawString'
    return -1
  endif
  if first =~# 'BlockComment' && text !~# '^\s*/\*'
    " inside a block comment: under the first star of its /*
    let save = getpos('.')
    call cursor(lnum, 1)
    let start = searchpos('/\*', 'bnW')
    call setpos('.', save)
    return start[0] > 0 ? start[1] : -1
  endif
  let opener = s:Opener(lnum)
  let base = opener[0] > 0 ? indent(opener[0]) + shiftwidth() : 0
  if text =~# '^\s*[})\]]'
    return opener[0] > 0 ? indent(opener[0]) : 0
  endif
  " (not / which starts comments, nor - and ! which may be unary)
  if text =~# '^\s*\%(&&\|||\|[+*%?:]\|[!=<>]=\|[<>]\|in\>\)'
    return base + shiftwidth()
  endif
  let prev = s:PrevCode(lnum)
  if prev > 0 && s:Opener(prev) == opener
    let code = substitute(getline(prev), '\s*\%(//.*\)\=$', '', '')
    " (not ? which ends optional field types)
    if code =~# '\%(&&\|||\|[-+*/%!=]\|[!=<>]=\|\<in\)$'
          \ && s:Group(prev, len(code)) !~# 'Comment\|String\|Subject'
      let base += shiftwidth()
    endif
  endif
  return base
endfunction
