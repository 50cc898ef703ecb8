" Vim filetype plugin: Levin rules (*.rule)
" Comments (for gc, vim-commentary and the like), formatting of comment text,
" bracket matching with %, two-space indentation, and closing brackets and
" quotes as they are typed (let g:levin_autoclose = 0 in your vimrc to keep
" your own mappings).
" Indentation is in indent/levin.vim. Works in Vim and Neovim.

if exists('b:did_ftplugin')
  finish
endif
let b:did_ftplugin = 1
let s:cpo_save = &cpo
set cpo&vim

setlocal commentstring=//\ %s
setlocal comments=s1:/*,mb:*,ex:*/,://
setlocal formatoptions-=t formatoptions+=croql
setlocal matchpairs=(:),[:],{:}
setlocal iskeyword=@,48-57,_
setlocal suffixesadd=.rule
setlocal include=^\\s*import\\s\\+

let b:undo_ftplugin = 'setlocal commentstring< comments< formatoptions< matchpairs< iskeyword<'
      \ . ' suffixesadd< include<'

" Levin's own style: two spaces (let g:levin_recommended_style = 0 to keep yours).
if get(g:, 'levin_recommended_style', 1)
  setlocal expandtab shiftwidth=2 softtabstop=2
  let b:undo_ftplugin .= ' | setlocal expandtab< shiftwidth< softtabstop<'
endif

if get(g:, 'levin_autoclose', 1)
  " The closer goes in after the cursor; typing it over an existing closer
  " steps over it instead.
  inoremap <buffer> ( ()<C-G>U<Left>
  inoremap <buffer> [ []<C-G>U<Left>
  inoremap <buffer> { {}<C-G>U<Left>
  inoremap <buffer> <expr> ) <SID>Close(')')
  inoremap <buffer> <expr> ] <SID>Close(']')
  inoremap <buffer> <expr> } <SID>Close('}')
  inoremap <buffer> <expr> " <SID>Quote('"')
  inoremap <buffer> <expr> ' <SID>Quote("'")
  " Enter between a pair of braces opens an indented line between them.
  inoremap <buffer> <expr> <CR> <SID>Enter()
  let b:undo_ftplugin .= ' | silent! iunmap <buffer> (| silent! iunmap <buffer> [| silent! iunmap <buffer> {'
        \ . '| silent! iunmap <buffer> )| silent! iunmap <buffer> ]| silent! iunmap <buffer> }'
        \ . '| silent! iunmap <buffer> "| silent! iunmap <buffer> '''
        \ . '| silent! iunmap <buffer> <CR>'
endif

function! s:Next() abort
  return getline('.')[col('.') - 1]
endfunction

function! s:Close(c) abort
  return s:Next() ==# a:c ? "\<C-G>U\<Right>" : a:c
endfunction

function! s:Quote(q) abort
  if s:Next() ==# a:q
    return "\<C-G>U\<Right>"
  endif
  " After a word character (it's) or a backslash the quote is literal; after a
  " string prefix (r"...", b'...') it opens a string like anywhere else.
  let prev = col('.') > 1 ? getline('.')[col('.') - 2] : ''
  if prev =~# '[[:alnum:]_\\]' && prev !~# '^[rRbB]$'
    return a:q
  endif
  return a:q . a:q . "\<C-G>U\<Left>"
endfunction

function! s:Enter() abort
  if pumvisible()
    return "\<CR>"
  endif
  let line = getline('.')
  if col('.') > 1 && line[col('.') - 2] ==# '{' && line[col('.') - 1] ==# '}'
    return "\<CR>\<C-O>O"
  endif
  return "\<CR>"
endfunction

let &cpo = s:cpo_save
unlet s:cpo_save
