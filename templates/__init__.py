"""Template folders shipped with rkt (installed as the package rkt_cli.templates).

`templates/default/` is what `rkt render` uses unless --template names another folder;
`rkt template init DIR` copies it for a user to edit.
"""
