" Levin rule files: *.rule (editors/vim of the Levin repository; Vim and Neovim)
autocmd BufRead,BufNewFile *.rule setlocal filetype=levin
