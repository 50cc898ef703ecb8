;;; levin-mode-tests.el --- ERT tests for levin-mode  -*- lexical-binding: t; -*-

;; Run (run_tests.sh does):
;;   LEVIN_BINARY=/path/to/levin emacs -Q --batch -L editors/emacs \
;;     -l editors/emacs/test/levin-mode-tests.el -f ert-run-tests-batch-and-exit
;; Faces are checked at chosen places of editors/test/fixtures/*.rule after
;; `font-lock-ensure'; the flymake tests run the real `levin check'.

;;; Code:

(require 'ert)
(require 'levin-mode)

(defconst levin-test--fixtures
  (expand-file-name "../../test/fixtures"
                    (file-name-directory (or load-file-name buffer-file-name))))

(defmacro levin-test--with-fixture (name &rest body)
  "Run BODY in a `levin-mode' buffer holding fixture NAME, fontified."
  (declare (indent 1))
  `(with-temp-buffer
     (insert-file-contents (expand-file-name ,name levin-test--fixtures))
     (levin-mode)
     (font-lock-ensure)
     ,@body))

(defun levin-test--pos (key needle)
  "Position of NEEDLE at or after KEY, on the first line holding KEY that
is not an assertion line of vscode-tmgrammar-test."
  (save-excursion
    (goto-char (point-min))
    (let ((case-fold-search nil) found)
      (while (and (not found) (search-forward key nil t))
        (unless (save-excursion
                  (beginning-of-line)
                  (looking-at-p "//[ \t]*[\\^<]"))
          (goto-char (match-beginning 0))
          (setq found (and (search-forward needle (line-end-position) t)
                           (match-beginning 0)))))
      (or found (error "No %S after %S" needle key)))))

(defun levin-test--faces (pos)
  "The faces at POS, as a list."
  (let ((f (get-text-property pos 'face)))
    (if (listp f) f (list f))))

(defun levin-test--check (key needle face)
  "Assert that NEEDLE (after KEY) starts with FACE; FACE nil: no face.
FACE may be (not F): the text must not have F."
  (let* ((pos (levin-test--pos key needle))
         (faces (levin-test--faces pos))
         (ok (cond ((null face) (null (delq nil faces)))
                   ((eq (car-safe face) 'not) (not (memq (cadr face) faces)))
                   (t (memq face faces)))))
    (unless ok
      (ert-fail (list 'face-mismatch :line (line-number-at-pos pos) :key key
                      :needle needle :expected face :actual faces)))
    t))

(defmacro levin-test--expect (file &rest specs)
  "In fixture FILE, check each (KEY NEEDLE FACE) of SPECS."
  (declare (indent 1))
  `(levin-test--with-fixture ,file
     (dolist (s ',specs) (apply #'levin-test--check s))))

;;; The mode

(ert-deftest levin-auto-mode ()
  (should (eq (assoc-default "x/plant.rule" auto-mode-alist #'string-match) 'levin-mode))
  (let ((buf (find-file-noselect (expand-file-name "plant.rule" levin-test--fixtures))))
    (unwind-protect
        (with-current-buffer buf
          (should (eq major-mode 'levin-mode))
          (should (derived-mode-p 'prog-mode)))
      (kill-buffer buf))))

(ert-deftest levin-comment-toggle ()
  (with-temp-buffer
    (levin-mode)
    (insert "let x = 1\nlet y = 2\n")
    (comment-region (point-min) (point-max))
    (should (equal (buffer-string) "// let x = 1\n// let y = 2\n"))
    (uncomment-region (point-min) (point-max))
    (should (equal (buffer-string) "let x = 1\nlet y = 2\n"))
    (goto-char (point-min))
    (comment-line 1)
    (should (equal (buffer-string) "// let x = 1\nlet y = 2\n"))))

(ert-deftest levin-bracket-matching ()
  (levin-test--with-fixture "plant.rule"
    (let* ((open (levin-test--pos "rule overheat {" "{"))
           (close (scan-sexps open 1)))
      (should (eq (char-before close) ?}))
      (goto-char close)
      ;; the } of a ${...} subject part (inside this rule) is not a bracket
      (should (equal (buffer-substring (line-beginning-position) (line-end-position)) "}")))))

(ert-deftest levin-auto-pair ()
  (with-temp-buffer
    (levin-mode)
    (should electric-pair-mode)
    (dolist (c (string-to-list "when f(x[\"k"))
      (let ((last-command-event c)) (call-interactively #'self-insert-command)))
    (should (equal (buffer-string) "when f(x[\"k\"])"))
    ;; typing the closer steps over it
    (dolist (c (string-to-list "\"])"))
      (let ((last-command-event c)) (call-interactively #'self-insert-command)))
    (should (equal (buffer-string) "when f(x[\"k\"])"))
    (should (eobp))))

(ert-deftest levin-indentation ()
  (let* ((file (expand-file-name "indent.rule" levin-test--fixtures))
         (want (with-temp-buffer (insert-file-contents file) (buffer-string))))
    (with-temp-buffer
      (insert want)
      (levin-mode)
      (goto-char (point-min))
      (while (re-search-forward "^[ \t]+" nil t) (replace-match ""))
      (indent-region (point-min) (point-max))
      (let ((got (split-string (buffer-string) "\n"))
            (lines (split-string want "\n")))
        (dotimes (i (length lines))
          (should (equal (list (1+ i) (nth i lines)) (list (1+ i) (nth i got)))))))))

(ert-deftest levin-indent-after-brace ()
  (with-temp-buffer
    (levin-mode)
    (insert "rule r {")
    (newline-and-indent)
    (should (equal (current-column) 2))
    (insert "then {")
    (newline-and-indent)
    (should (equal (current-column) 4))
    (insert "}")
    (indent-according-to-mode)
    (should (equal (buffer-substring (line-beginning-position) (line-end-position)) "  }"))))

;;; Faces

(ert-deftest levin-faces-declarations ()
  (levin-test--expect "plant.rule"
    ("// plant.rule" "//" font-lock-comment-delimiter-face)
    ("// plant.rule" "plant" font-lock-comment-face)
    ("package acme" "package" font-lock-keyword-face)
    ("package acme" "acme" font-lock-constant-face)
    ("import \"common" "import" font-lock-keyword-face)
    ("import \"common" "common" font-lock-string-face)
    ("schema Reading" "schema" font-lock-keyword-face)
    ("schema Reading" "Reading" font-lock-type-face)
    ("  device:   string" "device" font-lock-variable-name-face)
    ("  device:   string" "string" font-lock-type-face)
    ("humidity: double?" "double" font-lock-type-face)
    ("humidity: double?" "?" levin-operator-face)
    ("status:   string" "\"ok\"" font-lock-string-face)
    ("status:   string" "json" font-lock-keyword-face)
    ("tags:     list<" "list" font-lock-type-face)
    ("tags:     list<" "string" font-lock-type-face)
    ("attrs:    map<" "string>" font-lock-type-face)
    ("loc:      Location" "Location" font-lock-type-face)
    ("count:    uint" "0u" levin-number-face)
    ("schema Alert" "Alert" font-lock-type-face)
    ("schema Alert" "temp" font-lock-variable-name-face)
    ("schema Alert" "message" font-lock-variable-name-face)
    ("stream readings" "stream" font-lock-keyword-face)
    ("stream readings" "readings" font-lock-variable-name-face)
    ("stream readings" "Reading" font-lock-type-face)
    ("stream readings" "from" font-lock-keyword-face)
    ("let plants" "let" font-lock-keyword-face)
    ("let plants" "plants" font-lock-variable-name-face)
    ("let limit" "double" font-lock-type-face)
    ("let limit" "80.0" levin-number-face)
    ("def hot" "def" font-lock-keyword-face)
    ("def hot" "hot" font-lock-function-name-face)
    ("def hot" "r:" nil)
    ("def hot" "Reading" font-lock-type-face)
    ("def hot" "bool" font-lock-type-face)
    ("def hot" "temp" nil)
    ("def hot" ">" levin-operator-face)
    ("def hot" "&&" levin-operator-face)
    ("def hot" "in plants" font-lock-keyword-face)
    ("rule overheat" "rule" font-lock-keyword-face)
    ("rule overheat" "overheat" font-lock-function-name-face)
    ("on readings as r" "on" font-lock-keyword-face)
    ("on readings as r" "as" font-lock-keyword-face)
    ("when hot(r, limit)" "when" font-lock-keyword-face)
    ("when hot(r, limit)" "!=" levin-operator-face)
    ("  then {" "then" font-lock-keyword-face)
    ("rule humid priority" "priority" font-lock-keyword-face)
    ("rule humid priority" "5" levin-number-face)
    ("rule noisy priority -1" "-" levin-operator-face)))

(ert-deftest levin-faces-expressions ()
  (levin-test--expect "plant.rule"
    ("publish \"alerts.overheat" "publish" font-lock-keyword-face)
    ("publish \"alerts.overheat" "alerts" font-lock-string-face)
    ("publish \"alerts.overheat" "${" levin-template-face)
    ("publish \"alerts.overheat" "{r" levin-template-face)
    ("publish \"alerts.overheat" "r.site" nil)
    ("publish \"alerts.overheat" "}\"" levin-template-face)
    ("publish \"alerts.overheat" "\" Alert" font-lock-string-face)
    ("publish \"alerts.overheat" "Alert" font-lock-type-face)
    ("message: \"temperature" "temperature" font-lock-string-face)
    ("message: \"temperature" "format" font-lock-builtin-face)
    ("when has(r.humidity)" "has" font-lock-preprocessor-face)
    ("when has(r.humidity)" "exists" font-lock-preprocessor-face)
    ("when has(r.humidity)" "startsWith" font-lock-builtin-face)
    ("then publish \"alerts.humid\"" "alerts" font-lock-string-face)
    ("then publish \"alerts.humid\"" "true" font-lock-constant-face)
    ("then publish \"alerts.humid\"" "null" font-lock-constant-face)
    ("when size(e.tags)" "size" font-lock-builtin-face)
    ("when size(e.tags)" ">=" levin-operator-face)
    ("when size(e.tags)" "0x10" levin-number-face)
    ("when size(e.tags)" "||" levin-operator-face)
    ("when size(e.tags)" "'v'" font-lock-string-face)
    ("when size(e.tags)" "12u" levin-number-face)
    ("when size(e.tags)" "type(" font-lock-builtin-face)
    ("when size(e.tags)" "double" font-lock-type-face)
    ("|| duration(\"10m\")" "duration" font-lock-builtin-face)
    ("|| duration(\"10m\")" "math.greatest" font-lock-builtin-face)
    ("|| duration(\"10m\")" "false" font-lock-constant-face)
    ("then log warn" "log" font-lock-keyword-face)
    ("then log warn" "warn" font-lock-constant-face)
    ("then log warn" "string(" font-lock-builtin-face)
    ("then log warn" "1.5e3" levin-number-face)
    ("then log warn" ".5" levin-number-face)
    ("then log warn" "2.5e-3" levin-number-face)))

(ert-deftest levin-faces-subjects ()
  (levin-test--expect "plant.rule"
    ("stream readings" "plant." font-lock-string-face)
    ("stream readings" "{site}" levin-capture-face)
    ("stream readings" "site}" levin-capture-face)
    ("stream readings" "*" levin-wildcard-face)
    ("stream readings" ".reading" font-lock-string-face)
    ("stream readings" ".reading" (not levin-wildcard-face))
    ("stream everything" ">" levin-wildcard-face))
  (levin-test--expect "tricky.rule"
    ("stream evs: Ev from 'ev." "'ev" font-lock-string-face)
    ("stream evs: Ev from 'ev." "name" levin-capture-face)
    ("stream evs: Ev from 'ev." "*" levin-wildcard-face)
    ("stream evs: Ev from 'ev." ">" levin-wildcard-face)
    ("publish \"alerts.${e.m[\"k}\"]}" "alerts" font-lock-string-face)
    ("publish \"alerts.${e.m[\"k}\"]}" "e.m" nil)
    ("publish \"alerts.${e.m[\"k}\"]}" "\"k}\"" font-lock-string-face)
    ("publish \"alerts.${e.m[\"k}\"]}" "}\"]}" font-lock-string-face)
    ("publish \"alerts.${e.m[\"k}\"]}" "]}." nil)
    ("publish \"alerts.${e.m[\"k}\"]}" "}." levin-template-face)
    ("publish \"alerts.${e.m[\"k}\"]}" ".${" font-lock-string-face)
    ("publish \"alerts.${e.m[\"k}\"]}" "'\"'" font-lock-string-face)
    ("publish \"alerts.${e.m[\"k}\"]}" ".x\"" font-lock-string-face)
    ("publish \"alerts.${e.m[\"k}\"]}" "{\"v\"" nil)
    ("publish \"alerts.${e.m[\"k}\"]}" "\"}\"" font-lock-string-face)
    ("publish 'single." "single" font-lock-string-face)
    ("publish 'single." "+" levin-operator-face)
    ("publish 'single." "\"//\"" font-lock-string-face)
    ("publish 'single." "\"//\"" (not font-lock-comment-face))
    ("publish 'single." "}'" levin-template-face)
    ("publish 'single." "' {" font-lock-string-face)
    ("publish \"plain//subject\"" "//" font-lock-string-face)
    ("publish // a comment may come" "// a" font-lock-comment-delimiter-face)
    ("\"after.${e.name}.comment\"" "after" font-lock-string-face)
    ("\"after.${e.name}.comment\"" "${" levin-template-face)))

(ert-deftest levin-faces-strings-and-comments ()
  (levin-test--expect "tricky.rule"
    ("/* a block comment with" "\"a string\"" font-lock-comment-face)
    ("and // a line comment marker" "rule" font-lock-comment-face)
    ("and // a line comment marker" "publish" (not font-lock-keyword-face))
    ("  from: string, log: string" "from" font-lock-variable-name-face)
    ("  from: string, log: string" "log" font-lock-variable-name-face)
    ("  from: string, log: string" "ruler" font-lock-variable-name-face)
    ("  from: string, log: string" "ruler" (not font-lock-keyword-face))
    ("  from: string, log: string" "format_on" (not font-lock-keyword-face))
    ("when e.m[\"a}b\"]" "a}b" font-lock-string-face)
    ("when e.m[\"a}b\"]" "\\\"" levin-escape-face)
    ("when e.m[\"a}b\"]" "// not" font-lock-string-face)
    ("when e.m[\"a}b\"]" "// not" (not font-lock-comment-face))
    ("when e.m[\"a}b\"]" "comment\"" font-lock-string-face)
    ("&& e.name != r\"raw" "raw" font-lock-string-face)
    ("&& e.name != r\"raw" "\\d" (not levin-escape-face))
    ("&& e.name != r\"raw" "\\\" &&" font-lock-string-face)
    ("&& e.name != r\"raw" "\\\" &&" (not levin-escape-face))
    ("&& e.name != r\"raw" "&& e.name != R" levin-operator-face)
    ("&& e.name != r\"raw" "x\\'" font-lock-string-face)
    ("&& e.data != b\"" "\\x41" levin-escape-face)
    ("&& e.data != b\"" "\\101" levin-escape-face)
    ("&& e.data != b\"" "\\n" levin-escape-face)
    ("&& e.data != b\"" "'\\x41'" font-lock-string-face)
    ("&& e.data != b\"" "\\x41'" (not levin-escape-face))
    ("&& e.data != b\"" "&& e.data != BR" levin-operator-face)
    ("&& e.name != \"\"\"triple" "quoted" font-lock-string-face)
    ("&& e.name != \"\"\"triple" "' string" font-lock-string-face)
    ("&& e.name != \"\"\"triple" "&& e.name != '''" levin-operator-face)
    ("&& e.name != \"\"\"triple" "''triple''" font-lock-string-face)
    ("&& e.name != \"\\u00e9" "\\u00e9" levin-escape-face)
    ("&& e.name != \"\\u00e9" "\\U0001F600" levin-escape-face)
    ("&& e.name != \"\\u00e9" "\\`" levin-escape-face)
    ("&& e.from == \"/*" "from" nil)
    ("&& e.from == \"/*" "/* not" font-lock-string-face)
    ("&& e.from == \"/*" "// a comment" font-lock-comment-delimiter-face)
    ("&& e.from == \"/*" "\"a string\"" font-lock-comment-face)
    ("spanning lines, with" "//" font-lock-string-face)
    ("and keywords: rule when" "rule" font-lock-string-face)
    ("and keywords: rule when" "&&" levin-operator-face)
    ("and keywords: rule when" "ruler" nil)
    ("and keywords: rule when" "scheduled" nil)
    ("and keywords: rule when" "format_on" nil)
    ("log info {\"from\"" "info" font-lock-constant-face)
    ("log info {\"from\"" "from" font-lock-string-face)
    ("log info {\"from\"" "from," nil)
    ("log info {\"from\"" "log}" nil)))

;;; Flymake

(defun levin-test--binary ()
  (let ((bin (getenv "LEVIN_BINARY")))
    (unless (and bin (file-executable-p bin))
      (ert-skip "LEVIN_BINARY is not set to a levin executable"))
    bin))

(defun levin-test--flymake (dir edit)
  "Open DIR/plant.rule, apply EDIT (a function) without saving, run flymake.
Return the buffer (the caller kills it) once the check has reported."
  (let ((buf (find-file-noselect (expand-file-name "plant.rule" dir))))
    (with-current-buffer buf
      (funcall edit)
      (setq-local flymake-diagnostic-functions '(levin-flymake))
      (flymake-mode 1)
      (flymake-start)
      (let ((waited 0))
        (while (and (< waited 200)
                    (not (or (memq #'levin-flymake (flymake-reporting-backends))
                             (memq #'levin-flymake (flymake-disabled-backends)))))
          (accept-process-output nil 0.05)
          (setq waited (1+ waited)))))
    buf))

(defun levin-test--copy-fixtures ()
  (let ((dir (make-temp-file "levin-flymake-" t)))
    (dolist (f '("plant.rule" "common.rule"))
      (copy-file (expand-file-name f levin-test--fixtures) (expand-file-name f dir)))
    dir))

(ert-deftest levin-flymake-reports-diagnostic-in-place ()
  (let* ((levin-executable (levin-test--binary))
         (dir (levin-test--copy-fixtures))
         (buf nil))
    (unwind-protect
        (progn
          (setq buf (levin-test--flymake
                     dir (lambda ()
                           (goto-char (point-min))
                           (search-forward "r.status != \"maintenance\"")
                           (replace-match "r.stauts != \"maintenance\""))))
          (with-current-buffer buf
            (should (buffer-modified-p))
            (let ((diags (flymake-diagnostics)))
              (should (= (length diags) 1))
              (let* ((d (car diags))
                     (beg (flymake-diagnostic-beg d)))
                (should (eq (flymake-diagnostic-type d) :error))
                (should (equal (buffer-substring beg (flymake-diagnostic-end d)) "stauts"))
                (goto-char beg)
                (should (looking-back "when hot(r, limit) && r\\." (line-beginning-position)))
                (should (string-match-p "schema '[a-z.]*Reading' has no field 'stauts'"
                                        (flymake-diagnostic-text d)))
                (should (string-match-p "did you mean 'status'" (flymake-diagnostic-text d)))
                (should (string-match-p "\\[E[0-9]+\\]" (flymake-diagnostic-text d)))
                (should (string-match-p "Reading' is declared here (line 14)" (flymake-diagnostic-text d)))))
            ;; what was checked is the buffer: the file on disk is unchanged,
            ;; and the copy next to it (for relative imports) is gone
            (should (with-temp-buffer
                      (insert-file-contents (expand-file-name "plant.rule" dir))
                      (search-forward "r.status != " nil t)))
            (should (equal (directory-files dir nil "flymake") nil))))
      (when buf (with-current-buffer buf (set-buffer-modified-p nil)) (kill-buffer buf))
      (delete-directory dir t))))

(ert-deftest levin-flymake-clean-buffer-has-no-diagnostics ()
  (let* ((levin-executable (levin-test--binary))
         (dir (levin-test--copy-fixtures))
         (buf nil))
    (unwind-protect
        (progn
          (setq buf (levin-test--flymake dir #'ignore))
          (with-current-buffer buf
            (should (memq #'levin-flymake (flymake-reporting-backends)))
            (should (null (flymake-diagnostics)))))
      (when buf (kill-buffer buf))
      (delete-directory dir t))))

(ert-deftest levin-flymake-error-in-imported-file ()
  (let* ((levin-executable (levin-test--binary))
         (dir (levin-test--copy-fixtures))
         (buf nil))
    (unwind-protect
        (progn
          (with-temp-file (expand-file-name "common.rule" dir)
            (insert "schema Location { lat: doubel, lon: double }\n"))
          (setq buf (levin-test--flymake dir #'ignore))
          (with-current-buffer buf
            (let ((diags (flymake-diagnostics)))
              (should diags)
              (let ((d (car diags)))
                (should (eq (flymake-diagnostic-type d) :error))
                (should (= (flymake-diagnostic-beg d) (point-min)))
                (should (string-match-p "common\\.rule:1:[0-9]+: .*doubel"
                                        (flymake-diagnostic-text d)))))))
      (when buf (kill-buffer buf))
      (delete-directory dir t))))

(ert-deftest levin-flymake-tool-failure-disables-backend ()
  (levin-test--binary)
  (let* ((dir (levin-test--copy-fixtures))
         (fake (expand-file-name "fake-levin" dir))
         (levin-executable fake)
         (buf nil))
    (unwind-protect
        (progn
          (with-temp-file fake (insert "#!/bin/sh\necho 'levin: cannot run' >&2\nexit 2\n"))
          (set-file-modes fake #o755)
          (setq buf (levin-test--flymake dir #'ignore))
          (with-current-buffer buf
            (should (memq #'levin-flymake (flymake-disabled-backends)))
            (should (null (flymake-diagnostics)))))
      (when buf (kill-buffer buf))
      (delete-directory dir t))))

(provide 'levin-mode-tests)

;;; levin-mode-tests.el ends here
