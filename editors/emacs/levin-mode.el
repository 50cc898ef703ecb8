;;; levin-mode.el --- Major mode for Levin rule files  -*- lexical-binding: t; -*-

;; Keywords: languages
;; Package-Requires: ((emacs "27.1"))
;; URL: the Levin repository, editors/emacs

;;; Commentary:

;; Editing support for Levin `.rule' files: declarations (package, import,
;; schema, stream, let, def, rule) around CEL expressions.
;;
;; - font-lock for comments, keywords, types, literals (every CEL string
;;   form, bytes, numbers), publish subject templates with their ${...}
;;   parts, stream subject patterns with {captures} and * > wildcards,
;;   declared names (field names between backticks too), operators, CEL
;;   macros and standard functions;
;; - comment syntax (// and /* */), bracket matching, auto-closing
;;   brackets and quotes (`levin-auto-pair'), indentation after {, ( and [;
;; - a flymake backend running `levin check --format json' on the buffer.
;;
;; Install:
;;   (add-to-list 'load-path "/path/to/levin/editors/emacs")
;;   (require 'levin-mode)
;;   (add-hook 'levin-mode-hook #'flymake-mode)   ; diagnostics as you type
;;
;; The keyword lists mirror grammar/lex.re and the function lists
;; stdlib/builtins.def; editors/keywords_test.py fails when they drift.

;;; Code:

(require 'flymake)
(require 'json)
(eval-when-compile (require 'subr-x))

(defgroup levin nil
  "Editing Levin rule files."
  :group 'languages
  :prefix "levin-")

(defcustom levin-indent-offset 2
  "Columns of indentation per open bracket."
  :type 'integer
  :safe #'integerp)

(defcustom levin-executable "levin"
  "The `levin' program the flymake backend runs."
  :type 'string)

(defcustom levin-auto-pair t
  "When non-nil, `levin-mode' turns on `electric-pair-local-mode'."
  :type 'boolean)

;;; Faces (Emacs 29 has number, operator and escape faces; 27 and 28 do not)

(defface levin-number-face
  (if (facep 'font-lock-number-face)
      '((t :inherit font-lock-number-face))
    '((t :inherit font-lock-constant-face)))
  "Face for numeric literals.")

(defface levin-operator-face
  (if (facep 'font-lock-operator-face)
      '((t :inherit font-lock-operator-face))
    '((t)))
  "Face for operators.")

(defface levin-escape-face
  (if (facep 'font-lock-escape-face)
      '((t :inherit font-lock-escape-face))
    '((t :inherit font-lock-regexp-grouping-backslash)))
  "Face for escape sequences in strings.")

(defface levin-template-face
  '((t :inherit font-lock-preprocessor-face))
  "Face for the ${ and } around an expression in a publish subject.")

(defface levin-wildcard-face
  '((t :inherit font-lock-regexp-grouping-construct))
  "Face for the * and > wildcards of a stream subject.")

(defface levin-capture-face
  '((t :inherit font-lock-variable-name-face))
  "Face for a {name} capture in a stream subject.")

;;; Word lists

(defconst levin-keywords
  '("package" "import" "schema" "stream" "from" "let" "def" "rule" "on" "as"
    "when" "then" "publish" "log" "priority" "json" "in"
    ;; CEL's reserved words
    "break" "const" "continue" "else" "for" "function" "if" "loop"
    "namespace" "return" "var" "void" "while")
  "Keywords of grammar/lex.re, but for the literals in `levin-constants'.")

(defconst levin-constants '("true" "false" "null")
  "The keywords that are literals.")

(defconst levin-builtin-types
  '("int" "uint" "double" "bool" "string" "bytes" "timestamp" "duration" "dyn"
    "list" "map" "null_type")
  "Built-in type names.")

(defconst levin-macros '("has" "all" "exists" "exists_one" "map" "filter")
  "CEL macros (has(...) global, the others receiver-style).")

(defconst levin-functions
  '("bool" "bytes" "double" "duration" "dyn" "int" "matches" "size" "string"
    "timestamp" "type" "uint"
    "math.abs" "math.bitAnd" "math.bitNot" "math.bitOr" "math.bitShiftLeft"
    "math.bitShiftRight" "math.bitXor" "math.ceil" "math.floor" "math.greatest"
    "math.isFinite" "math.isInf" "math.isNaN" "math.least" "math.round"
    "math.sign" "math.sqrt" "math.trunc"
    "optional.none" "optional.of" "optional.ofNonZeroValue" "strings.quote"
    "base64.decode" "base64.encode")
  "Global functions of stdlib/builtins.def (style FN).")

(defconst levin-member-functions
  '("charAt" "contains" "endsWith" "format" "getDate" "getDayOfMonth"
    "getDayOfWeek" "getDayOfYear" "getFullYear" "getHours" "getMilliseconds"
    "getMinutes" "getMonth" "getSeconds" "hasValue" "indexOf" "join"
    "lastIndexOf" "lowerAscii" "matches" "or" "orValue" "replace" "reverse"
    "size" "split" "startsWith" "substring" "trim" "upperAscii" "value")
  "Receiver-style functions of stdlib/builtins.def (style MEMBER).")

(defconst levin--ident "[A-Za-z_][A-Za-z0-9_]*")
(defconst levin--qname (concat levin--ident "\\(?:\\." levin--ident "\\)*"))

;;; Syntax

(defvar levin-mode-syntax-table
  (let ((st (make-syntax-table)))
    ;; /* */ is comment style a, // style b (ended by a newline)
    (modify-syntax-entry ?/ ". 124b" st)
    (modify-syntax-entry ?* ". 23" st)
    (modify-syntax-entry ?\n "> b" st)
    (modify-syntax-entry ?\" "\"" st)
    (modify-syntax-entry ?' "\"" st)
    (modify-syntax-entry ?\\ "\\" st)
    (modify-syntax-entry ?_ "w" st)
    (dolist (c '(?+ ?- ?% ?< ?> ?= ?! ?& ?| ?? ?: ?, ?. ?$ ?@ ?# ?^ ?~ ?\;))
      (modify-syntax-entry c "." st))
    st)
  "Syntax table for `levin-mode'.")

;; Strings follow the lexer (grammar/lex.re) rather than Emacs's defaults:
;; raw strings have no escapes, triple-quoted ones span lines, a one-line
;; string ends at the end of its line, and the subject after `publish' is
;; text with ${expr} holes whose CEL is code. Each such string gets
;; `syntax-table' properties here: string fences around the text parts, so
;; the expressions in between parse (and highlight) as code.
;;
;; A field name between backticks (`content-type`) runs, as in the lexer, to
;; the next backtick on its line. It becomes one symbol, so that the quotes,
;; comment markers and brackets it may hold are just the name, and gets a
;; `levin-quoted' property (the position of its first backtick) that keeps
;; the other highlighting rules out of it.

(defun levin--put-syntax (pos syntax)
  "Give the character at POS the syntax descriptor SYNTAX."
  (put-text-property pos (1+ pos) 'syntax-table (string-to-syntax syntax)))

(defun levin--after-publish-p (pos)
  "Non-nil when the string at POS follows the keyword `publish'."
  (save-excursion
    (goto-char pos)
    (forward-comment (- (point)))
    (and (looking-back "\\_<publish" (max (point-min) (- (point) 7)))
         (not (memq (char-before (- (point) 7)) '(?. ??))))))

(defun levin--scan-body (q triple raw)
  "Move over a string body from point to just past its closing quote(s).
Q is the quote character; TRIPLE and RAW as in the lexer.  Return
non-nil when the string is closed; otherwise leave point at the end
of the line (one-line strings) or of the buffer."
  (let ((stop (concat "^" (string q) (if raw "" "\\\\") (if triple "" "\n")))
        (closer (make-string (if triple 3 1) q))
        done)
    (while (not (or done (eobp)))
      (skip-chars-forward stop)
      (cond ((eobp))
            ((eq (char-after) ?\n) (setq done 'eol))
            ((eq (char-after) ?\\)
             (forward-char (if (and (< (1+ (point)) (point-max))
                                    (or triple (not (eq (char-after (1+ (point))) ?\n))))
                               2 1)))
            ((looking-at (regexp-quote closer))
             (goto-char (match-end 0))
             (setq done t))
            (t (forward-char 1))))
    (eq done t)))

(defun levin--string (open prefix)
  "Give syntax to the string whose first quote is at OPEN.
PREFIX is its r/b prefix (a string).  Leave point after the string."
  (let* ((q (char-after open))
         (raw (string-match-p "[rR]" prefix))
         (triple (save-excursion (goto-char open)
                                 (looking-at (regexp-quote (make-string 3 q)))))
         (template (and (not triple) (string= prefix "") (levin--after-publish-p open))))
    (cond
     (template (levin--template open q))
     (t
      (goto-char (+ open (if triple 3 1)))
      (let ((closed (levin--scan-body q triple raw))
            (end (point)))
        (when raw
          ;; no escapes: every backslash is an ordinary character
          (save-excursion
            (goto-char open)
            (while (search-forward "\\" end t)
              (levin--put-syntax (1- (point)) "."))))
        (cond
         (triple
          (levin--put-syntax open "|")
          (when closed (levin--put-syntax (1- end) "|")))
         ((not closed)
          ;; unterminated one-line string: it ends at the end of its line
          (levin--put-syntax open "|")
          (when (eq (char-after) ?\n) (levin--put-syntax (point) "|")))))))
    (let ((kind (cond (template 'template)
                      ((levin--after-word-p (- open (length prefix)) "from") 'pattern))))
      (when kind
        (put-text-property (- open (length prefix)) (max (point) (1+ open)) 'levin-subject kind)))))

(defun levin--after-word-p (pos word)
  "Non-nil when the keyword WORD (not a member name) comes before POS."
  (save-excursion
    (goto-char pos)
    (forward-comment (- (point)))
    (let ((start (- (point) (length word))))
      (and (>= start (point-min))
           (string= (buffer-substring-no-properties start (point)) word)
           (not (memq (char-before start) '(?. ?? ?_)))
           (not (and (char-before start)
                     (string-match-p "[[:alnum:]]" (string (char-before start)))))))))

(defun levin--quoted-name (open)
  "Give syntax to the quoted field name whose first backtick is at OPEN.
Leave point after it.  A backtick that none closes on its line is not
a name (the lexer rejects it): point is left just after it."
  (goto-char (1+ open))
  (when (looking-at "[^`\n]+`")
    (let ((end (match-end 0)))
      (put-text-property open end 'syntax-table (string-to-syntax "_"))
      (put-text-property open end 'levin-quoted open)
      (goto-char end))))

(defun levin--quoted-start-p (pos)
  "Non-nil when POS is the first backtick of a quoted field name."
  (syntax-propertize (1+ pos))
  (eq (get-text-property pos 'levin-quoted) pos))

(defun levin--template (open q)
  "Give syntax to the publish subject whose quote is at OPEN (quote Q).
Text parts become strings (fence to fence), ${...} parts code: the `$'
closes the text before it, its `{' is punctuation, and the matching `}'
opens the text after it.  Leave point after the subject."
  (levin--put-syntax open "|")
  (goto-char (1+ open))
  (let (done)
    (while (not done)
      (skip-chars-forward (concat "^" (string q) "\\\\$\n"))
      (cond
       ((eobp) (setq done t))
       ((eq (char-after) ?\n) (levin--put-syntax (point) "|") (setq done t))
       ((eq (char-after) q) (levin--put-syntax (point) "|") (forward-char 1) (setq done t))
       ((eq (char-after) ?\\)
        (forward-char (if (memq (char-after (1+ (point))) '(?\n nil)) 1 2)))
       ((not (eq (char-after (1+ (point))) ?{)) (forward-char 1))
       (t
        (let ((dollar (point)) (depth 1))
          (levin--put-syntax dollar "|")
          (levin--put-syntax (1+ dollar) ".")
          (put-text-property dollar (+ dollar 2) 'levin-template t)
          (forward-char 2)
          ;; the expression: nested braces and strings of its own
          (while (and (> depth 0) (not (eobp)) (not (eq (char-after) ?\n)))
            (let ((c (char-after)))
              (cond ((eq c ?{) (setq depth (1+ depth)) (forward-char 1))
                    ((eq c ?}) (setq depth (1- depth))
                     (unless (zerop depth) (forward-char 1)))
                    ((eq c ?`) (levin--quoted-name (point)))
                    ((memq c '(?\" ?'))
                     (let ((start (point)))
                       (forward-char 1)
                       (unless (levin--scan-body c nil nil)
                         (levin--put-syntax start "|")
                         (when (eq (char-after) ?\n) (levin--put-syntax (point) "|")))))
                    (t (forward-char 1)))))
          (if (> depth 0)
              (setq done t)             ; unterminated ${: the line ends it
            (levin--put-syntax (point) "|")
            (put-text-property (point) (1+ (point)) 'levin-template t)
            (forward-char 1))))))))

(defconst levin--string-start-re
  "\\(?:\\_<\\([rR]\\|[bB][rR]?\\)\\)?\\([\"']\\)\\|\\(`\\)"
  "A string's optional prefix (group 1) and first quote (group 2), or the
backtick that opens a quoted field name (group 3).")

(defun levin-syntax-propertize (start end)
  "Give `syntax-table' properties to the strings between START and END.
And to the quoted field names."
  (remove-text-properties start end '(levin-subject nil levin-template nil levin-quoted nil))
  (goto-char start)
  ;; A triple-quoted string that began before START: redo it whole.
  (let ((ppss (syntax-ppss start)))
    (when (eq (nth 3 ppss) t)
      (let* ((open (nth 8 ppss))
             (prefix (save-excursion
                       (goto-char open)
                       (if (looking-back "\\_<\\(?:[rR]\\|[bB][rR]?\\)" (max (point-min) (- open 2)))
                           (match-string-no-properties 0) ""))))
        (levin--string open prefix))))
  (while (and (< (point) end) (re-search-forward levin--string-start-re end t))
    (let* ((open (or (match-beginning 2) (match-beginning 3)))
           (prefix (or (match-string-no-properties 1) ""))
           (ppss (save-excursion (syntax-ppss (match-beginning 0)))))
      (cond ((nth 8 ppss)
             (goto-char (1+ open)))       ; inside a comment or string already
            ((match-beginning 3) (levin--quoted-name open))
            (t (levin--string open prefix))))))

;;; Font lock

(defun levin--code-p (pos)
  "Non-nil when POS is in code: not in a string, comment or quoted name."
  (and (not (nth 8 (save-excursion (syntax-ppss pos))))
       (not (get-text-property pos 'levin-quoted))))

(defun levin--member-p (pos)
  "Non-nil when the word at POS follows `.' or `.?' (a field or method)."
  (save-excursion
    (goto-char pos)
    (skip-chars-backward " \t")
    (when (eq (char-before) ??) (backward-char))
    (eq (char-before) ?.)))

(defun levin--matcher (regexp &optional group where)
  "A font-lock matcher for REGEXP whose GROUP (default 0) is in code.
WHERE further restricts matches: `member' (after a dot), `not-member'."
  (let ((group (or group 0)))
    (lambda (limit)
      (let (found)
        (while (and (not found) (re-search-forward regexp limit t))
          (let ((b (match-beginning group)))
            (when (save-match-data
                    (and (levin--code-p b)
                         (pcase where
                           ('member (levin--member-p b))
                           ('not-member (not (levin--member-p b)))
                           (_ t))))
              (setq found t))))
        found))))

(defun levin--subject-matcher (regexp kind)
  "A matcher for group 1 of REGEXP in the text of a subject of KIND.
KIND is `pattern' (after `from') or `template' (after `publish')."
  (lambda (limit)
    (let (found)
      (while (and (not found) (re-search-forward regexp limit t))
        (let* ((b (match-beginning 1))
               (in (save-match-data (nth 3 (save-excursion (syntax-ppss b))))))
          (goto-char (match-end 1))     ; the next match may share a dot
          (when (and (eq (get-text-property b 'levin-subject) kind)
                     ;; a template's text is fenced; strings in its ${} are not
                     (if (eq kind 'template) (eq in t) in))
            (setq found t))))
      found)))

(defun levin--template-matcher (limit)
  "Find the next ${ or } that delimits an expression in a subject, before LIMIT."
  (let ((pos (point)) found)
    (while (and (not found) (< pos limit))
      (setq pos (next-single-property-change pos 'levin-template nil limit))
      (when (and (< pos limit) (get-text-property pos 'levin-template))
        (let ((end (next-single-property-change pos 'levin-template nil limit)))
          (set-match-data (list pos end))
          (goto-char end)
          (setq found t))))
    found))

(defun levin--escape-matcher (limit)
  "Find the next escape sequence, before LIMIT, in a string that has escapes."
  (let (found)
    (while (and (not found)
                (re-search-forward
                 "\\\\\\(?:[abfnrtv\\\\?\"'`]\\|[xX][[:xdigit:]]\\{2\\}\\|u[[:xdigit:]]\\{4\\}\\|U[[:xdigit:]]\\{8\\}\\|[0-3][0-7]\\{2\\}\\)"
                 limit t))
      (let* ((b (match-beginning 0))
             (ppss (save-match-data (save-excursion (syntax-ppss b))))
             (open (nth 8 ppss)))
        (when (and (nth 3 ppss)
                   ;; a raw string's backslashes are plain (punctuation)
                   (not (equal (get-text-property b 'syntax-table) (string-to-syntax ".")))
                   open
                   (not (and (memq (char-after open) '(?\" ?'))
                             (memq (char-before open) '(?r ?R)))))
          (setq found t))))
    found))

(defconst levin--number-re
  (concat "\\(?:\\_<[0-9]+\\)?\\.[0-9]+\\(?:[eE][-+]?[0-9]+\\)?\\_>"
          "\\|\\_<[0-9]+[eE][-+]?[0-9]+\\_>"
          "\\|\\_<0[xX][[:xdigit:]]+[uU]?\\_>"
          "\\|\\_<[0-9]+[uU]?\\_>")
  "12 12u 0x1F 0x1Fu 1.5 .5 1e10 2.5e-3, as the lexer has them.")

(defun levin--number-matcher (limit)
  "Find the next numeric literal in code, before LIMIT."
  (let (found)
    (while (and (not found) (re-search-forward levin--number-re limit t))
      (let ((b (match-beginning 0)))
        (when (and (save-match-data (levin--code-p b))
                   ;; .5 is a number, but not x.5 or f().5
                   (not (and (eq (char-after b) ?.)
                             (memq (char-syntax (or (char-before b) ?\s)) '(?w ?\))))))
          (setq found t))))
    found))

(defun levin--in-type-p (pos)
  "Non-nil when the name at POS is (part of) a type after a type colon."
  (save-excursion
    (goto-char pos)
    (let ((depth 0) comma result)
      (while (eq result nil)
        (skip-chars-backward "A-Za-z0-9_.? \t")
        (pcase (char-before)
          (?> (setq depth (1+ depth)) (backward-char))
          (?< (if (> depth 0) (setq depth (1- depth)) (setq comma nil)) (backward-char))
          (?, (when (= depth 0) (setq comma t)) (backward-char))
          (?: (setq result (if (and (not comma) (levin--type-colon-p (1- (point)))) 'yes 'no)))
          (_ (setq result 'no))))
      (eq result 'yes))))

(defun levin--type-colon-p (pos)
  "Non-nil when the `:' at POS begins a type.
That is a schema field's, a def parameter's or result's, or the
annotation of a stream or a let."
  (save-excursion
    (let* ((ppss (syntax-ppss pos))
           (open (nth 1 ppss))
           (decl (concat "\\_<%s\\s-+" levin--ident "\\s-*")))
      (cond
       ((nth 8 ppss) nil)
       (open
        (goto-char open)
        (cond ((eq (char-after) ?{)
               (and (looking-back (format decl "schema") (line-beginning-position))
                    (save-excursion       ; the colon follows a field name
                      (goto-char pos)
                      (skip-chars-backward " \t")
                      (let ((quoted (and (> (point) (point-min))
                                         (get-text-property (1- (point)) 'levin-quoted))))
                        (if quoted (goto-char quoted) (skip-chars-backward "A-Za-z0-9_")))
                      (skip-chars-backward " \t")
                      (or (bolp) (memq (char-before) '(?{ ?,))))))
              ((eq (char-after) ?\()
               (looking-back (format decl "def") (line-beginning-position)))))
       (t
        (goto-char pos)
        (skip-chars-backward " \t")
        (or (looking-back (format (concat decl "\\=") "\\(?:stream\\|let\\)")
                          (line-beginning-position))
            (and (eq (char-before) ?\))
                 (condition-case nil
                     (progn (backward-sexp)
                            (looking-back (format decl "def") (line-beginning-position)))
                   (scan-error nil)))))))))

(defun levin--type-matcher (limit)
  "Find the next name, before LIMIT, that stands in a type (after a type colon)."
  (let (found)
    (while (and (not found)
                (re-search-forward (concat "\\_<" levin--qname "\\_>") limit t))
      (let ((b (match-beginning 0)))
        (when (save-match-data
                (and (levin--code-p b)
                     (not (levin--member-p b))
                     (not (looking-at-p "\\s-*:"))     ; a field or parameter name
                     (levin--in-type-p b)))
          (setq found t))))
    found))

(defun levin--field-matcher (limit)
  "Find the next field name declared in a schema body, before LIMIT.
The name may be quoted (between backticks)."
  (let (found)
    (while (and (not found)
                (re-search-forward (concat "\\(\\_<" levin--ident "\\|`[^`\n]+`\\)\\s-*:") limit t))
      (let ((b (match-beginning 1)) (colon (1- (match-end 0))))
        (if (save-match-data
              (and (if (eq (char-after b) ?`) (levin--quoted-start-p b) (levin--code-p b))
                   (levin--type-colon-p colon)
                   (let ((open (nth 1 (save-excursion (syntax-ppss b)))))
                     (and open (eq (char-after open) ?{)))))
            (setq found t)
          ;; (a match that is no name may hold the start of one: `a`: `:b`: ...)
          (goto-char (1+ b)))))
    found))

(defun levin--decl-re (words)
  "A regexp for one of WORDS followed by the name it declares (group 1)."
  (concat "\\_<" (regexp-opt words) "\\s-+\\(" levin--ident "\\)"))

(defconst levin-font-lock-keywords
  `(;; names at their declaration
    (,(levin--matcher (concat "\\_<package\\s-+\\(" levin--qname "\\)") 1 'not-member)
     1 font-lock-constant-face)
    (,(levin--matcher (levin--decl-re '("schema")) 1 'not-member) 1 font-lock-type-face)
    (,(levin--matcher (levin--decl-re '("rule" "def")) 1 'not-member) 1 font-lock-function-name-face)
    (,(levin--matcher (levin--decl-re '("stream" "let")) 1 'not-member) 1 font-lock-variable-name-face)
    (levin--field-matcher 1 font-lock-variable-name-face)
    (,(levin--matcher (concat "\\_<log\\s-+\\(" (regexp-opt '("debug" "info" "warn" "error")) "\\)\\_>")
                      1 'not-member)
     1 font-lock-constant-face)
    ;; keywords: never after a dot (r.from is a field)
    (,(levin--matcher (concat "\\_<" (regexp-opt levin-keywords) "\\_>") 0 'not-member)
     0 font-lock-keyword-face)
    (,(levin--matcher (concat "\\_<" (regexp-opt levin-constants) "\\_>") 0 'not-member)
     0 font-lock-constant-face)
    ;; calls: macros, then the standard library
    (,(levin--matcher "\\_<\\(has\\)\\s-*(" 1 'not-member) 1 font-lock-preprocessor-face)
    (,(levin--matcher (concat "\\_<\\(" (regexp-opt (remove "has" levin-macros)) "\\)\\s-*(") 1 'member)
     1 font-lock-preprocessor-face)
    (,(levin--matcher (concat "\\_<\\(" (regexp-opt levin-functions) "\\)\\s-*(") 1 'not-member)
     1 font-lock-builtin-face)
    (,(levin--matcher (concat "\\_<\\(" (regexp-opt levin-member-functions) "\\)\\s-*(") 1 'member)
     1 font-lock-builtin-face)
    ;; types: in annotations, built-in names anywhere, a message's schema
    (levin--type-matcher 0 font-lock-type-face)
    (,(levin--matcher (concat "\\_<" (regexp-opt levin-builtin-types) "\\_>") 0 'not-member)
     0 font-lock-type-face)
    (,(levin--matcher (concat "\\_<\\(" levin--qname "\\)\\s-*{") 1 'not-member)
     1 font-lock-type-face)
    ;; numbers: 12 12u 0x1F 0x1Fu 1.5 .5 1e10 2.5e-3
    (levin--number-matcher 0 'levin-number-face)
    ;; subjects
    (levin--template-matcher 0 'levin-template-face t)
    (,(levin--subject-matcher "[.\"']\\(\\*\\)[.\"']" 'pattern) 1 'levin-wildcard-face t)
    (,(levin--subject-matcher "[.\"']\\(>\\)[\"']" 'pattern) 1 'levin-wildcard-face t)
    (,(levin--subject-matcher (concat "[.\"']\\({" levin--ident "}\\)[.\"']") 'pattern)
     1 'levin-capture-face t)
    (,(levin--subject-matcher "\\([*>]\\)" 'template) 1 'font-lock-warning-face t)
    (levin--escape-matcher 0 'levin-escape-face t)
    ;; operators
    (,(levin--matcher "&&\\|||\\|[=!<>]=\\|[-+*/%<>!?=]") 0 'levin-operator-face))
  "Highlighting for `levin-mode'.")

;;; Indentation

;; A line inside brackets is one step deeper than the line that opened the
;; innermost of them, a line starting with the closer goes back to that
;; line's level, and a line continuing an expression (the line above ended
;; in an operator, or this one starts with one) gets one more step: the same
;; rules as editors/vim/indent/levin.vim.

(defconst levin--continuation-re
  "\\(?:&&\\|||\\|[-+*/%!=]\\|[!=<>]=\\|\\_<in\\)[ \t]*\\(?://.*\\)?$"
  "The end of a line whose expression goes on on the next line.
Not `?': a schema field's type may end in one.")

(defconst levin--leading-operator-re
  "[ \t]*\\(?:&&\\|||\\|[+*%?:]\\|[!=<>]=\\|[<>]\\|in\\_>\\)"
  "The start of a line that continues the expression above it.
Not `/' (a comment) nor `-' and `!' (a negative number, a negation).")

(defun levin--previous-code-line ()
  "Move to the end of the code on the previous line with code; nil if none."
  (let (found)
    (while (and (not found) (= 0 (forward-line -1)))
      (end-of-line)
      (let ((ppss (syntax-ppss)))
        (when (nth 4 ppss) (goto-char (nth 8 ppss)))) ; before a trailing comment
      (skip-chars-backward " \t")
      (unless (or (bolp) (nth 4 (syntax-ppss)))
        (setq found t)))
    found))

(defun levin--indentation ()
  "The column the current line should start at, or nil to leave it."
  (save-excursion
    (let* ((ppss (syntax-ppss (line-beginning-position))) ; (moves point there)
           (open (nth 1 ppss)))
      (back-to-indentation)
      (cond
       ((nth 4 ppss)                    ; in a block comment: under its first star
        (goto-char (nth 8 ppss))
        (1+ (current-column)))
       ((nth 3 ppss) nil)               ; in a triple-quoted string
       ((looking-at-p "[]})]")
        (if open (progn (goto-char open) (current-indentation)) 0))
       (t
        (let ((base (if open
                        (save-excursion (goto-char open) (+ (current-indentation) levin-indent-offset))
                      0)))
          (if (or (looking-at-p levin--leading-operator-re)
                  (and (levin--previous-code-line)
                       (equal (nth 1 (syntax-ppss)) open)
                       (save-excursion
                         (beginning-of-line)
                         (and (re-search-forward levin--continuation-re (line-end-position) t)
                              (not (nth 8 (syntax-ppss (match-beginning 0))))))))
              (+ base levin-indent-offset)
            base)))))))

(defun levin-indent-line ()
  "Indent the current line (see `levin--indentation')."
  (interactive)
  (let ((col (levin--indentation)))
    (when col
      (if (<= (current-column) (current-indentation))
          (indent-line-to col)
        (save-excursion (indent-line-to col))))))

;;; Flymake

(defvar-local levin--flymake-proc nil
  "The `levin check' process of the last flymake run in this buffer.")

(defun levin--json-parse (line)
  "Parse one JSON object from LINE as an alist, or nil when it is not one."
  (condition-case nil
      (if (and (fboundp 'json-parse-string)
               (or (not (fboundp 'json-available-p)) (json-available-p)))
          (json-parse-string line :object-type 'alist :null-object nil :false-object nil)
        (let ((json-object-type 'alist) (json-array-type 'vector))
          (json-read-from-string line)))
    (error nil)))

(defun levin--position (line col)
  "The buffer position of 1-based LINE and COL (one column per character)."
  (save-excursion
    (save-restriction
      (widen)
      (goto-char (point-min))
      (forward-line (max 0 (1- line)))
      (min (line-end-position) (+ (point) (max 0 (1- col)))))))

(defun levin--diag-text (d temp real)
  "The message of diagnostic D with its notes.
TEMP names the checked copy, REAL the buffer's file (what the user
should read instead)."
  (let* ((fix (lambda (s)
                (if (and s temp) (replace-regexp-in-string (regexp-quote temp) real s t t) s)))
         (notes (mapcar (lambda (n)
                          (concat (or (alist-get 'severity n) "note") ": "
                                  (funcall fix (alist-get 'message n))
                                  (when (alist-get 'line n)
                                    (if (equal (alist-get 'file n) temp)
                                        (format " (line %d)" (alist-get 'line n))
                                      (format " (%s:%d)" (funcall fix (alist-get 'file n))
                                              (alist-get 'line n))))))
                        (alist-get 'notes d)))
         (code (alist-get 'code d)))
    (concat (funcall fix (alist-get 'message d))
            (when code (format " [%s]" code))
            (when notes (concat "\n" (mapconcat #'identity notes "\n"))))))

(defun levin--flymake-diagnostics (source output temp real)
  "Flymake diagnostics for SOURCE from `levin check' OUTPUT.
TEMP is the file that was checked in place of REAL."
  (with-current-buffer source
    (let (diags)
      (dolist (line (split-string output "\n" t))
        (let ((d (levin--json-parse line)))
          (when (and (consp d) (alist-get 'message d))
            (let* ((file (alist-get 'file d))
                   (here (equal file temp))
                   (l (or (alist-get 'line d) 0))
                   (c (or (alist-get 'column d) 1))
                   (type (pcase (alist-get 'severity d)
                           ("error" :error) ("warning" :warning) (_ :note)))
                   (text (levin--diag-text d temp real))
                   beg end)
              (if (and here (> l 0))
                  (progn
                    (setq beg (levin--position l c)
                          end (levin--position (or (alist-get 'end_line d) l)
                                               (or (alist-get 'end_column d) (1+ c))))
                    (when (<= end beg)
                      (let ((r (flymake-diag-region source l c)))
                        (when r (setq beg (car r) end (cdr r))))))
                ;; In an imported file: shown on the first line, with its place.
                (setq text (format "%s:%d:%d: %s" file l c text)
                      beg (levin--position 1 1)
                      end (save-excursion (goto-char beg) (line-end-position))))
              (when (<= end beg) (setq end (min (point-max) (1+ beg))))
              (push (flymake-make-diagnostic source beg end type text) diags)))))
      (nreverse diags))))

(defun levin--flymake-temp-file ()
  "A new file next to the buffer's (so relative imports resolve) for its text.
Its name starts with a dot: `levin check DIR' skips it."
  (let* ((real buffer-file-name)
         (dir (and real (file-name-directory real))))
    (or (and dir (file-writable-p dir)
             (ignore-errors
               (make-temp-file (expand-file-name
                                (concat ".flymake-" (file-name-base real) "-") dir)
                               nil ".rule")))
        (make-temp-file "flymake-levin-" nil ".rule"))))

(defun levin-flymake (report-fn &rest _args)
  "Flymake backend: `levin check --format json' on the buffer's text.
REPORT-FN is flymake's callback."
  (unless (executable-find levin-executable)
    (error "Cannot find `%s' (set `levin-executable')" levin-executable))
  (when (process-live-p levin--flymake-proc)
    (kill-process levin--flymake-proc))
  (let* ((source (current-buffer))
         (temp (levin--flymake-temp-file))
         (real (or buffer-file-name (buffer-name)))
         (out (generate-new-buffer " *levin-flymake*"))
         (err (generate-new-buffer " *levin-flymake-stderr*")))
    (save-restriction
      (widen)
      (let ((coding-system-for-write 'utf-8-unix))
        (write-region (point-min) (point-max) temp nil 'silent)))
    (setq levin--flymake-proc
          (make-process
           :name "levin-flymake" :noquery t :connection-type 'pipe
           :buffer out :stderr err
           :command (list levin-executable "check" "--format" "json" temp)
           :sentinel
           (lambda (proc _event)
             (when (memq (process-status proc) '(exit signal))
               (unwind-protect
                   (cond
                    ((not (buffer-live-p source)))
                    ((not (eq proc (buffer-local-value 'levin--flymake-proc source)))
                     (flymake-log :debug "discarding an obsolete check"))
                    ((memq (process-exit-status proc) '(0 1))
                     (funcall report-fn
                              (levin--flymake-diagnostics
                               source (with-current-buffer out (buffer-string)) temp real)))
                    (t
                     (funcall report-fn :panic
                              :explanation
                              (format "levin check failed (exit %s): %s"
                                      (process-exit-status proc)
                                      (string-trim (with-current-buffer err (buffer-string)))))))
                 (ignore-errors (delete-file temp))
                 (kill-buffer out)
                 (let ((ep (get-buffer-process err))) (when ep (delete-process ep)))
                 (kill-buffer err))))))))

;;; The mode

(defvar levin-mode-map (make-sparse-keymap)
  "Keymap for `levin-mode'.")

;;;###autoload
(define-derived-mode levin-mode prog-mode "Levin"
  "Major mode for Levin rule files.
\\{levin-mode-map}"
  :syntax-table levin-mode-syntax-table
  (setq-local comment-start "// ")
  (setq-local comment-end "")
  (setq-local comment-start-skip "\\(?://+\\|/\\*+\\)\\s-*")
  (setq-local comment-end-skip "\\s-*\\(?:\\*+/\\)?")
  (setq-local comment-multi-line nil)
  (setq-local syntax-propertize-function #'levin-syntax-propertize)
  (setq-local parse-sexp-lookup-properties t)
  (setq-local font-lock-defaults '(levin-font-lock-keywords nil nil nil nil))
  (setq-local indent-line-function #'levin-indent-line)
  (setq-local indent-tabs-mode nil)
  (setq-local electric-indent-chars (append "{}()[]" electric-indent-chars))
  (when levin-auto-pair (electric-pair-local-mode 1))
  (add-hook 'flymake-diagnostic-functions #'levin-flymake nil t))

;;;###autoload
(add-to-list 'auto-mode-alist '("\\.rule\\'" . levin-mode))

(provide 'levin-mode)

;;; levin-mode.el ends here
