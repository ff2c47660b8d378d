"""Template folders shipped with rkt (installed as the package rkt_cli.templates).

`templates/default/` is the default template `rkt` (also named `default`), `templates/pk/` and
`templates/rkt-sederhana/` the others `--template NAME` takes (`rkt template list`);
`rkt template init DIR --from NAME` copies one for a user to edit.
"""
