"""Submitting by pull request: `portal new` (scaffold), the ownership rules of `portal check --changed`,
`portal codeowners`, and GitHub Actions annotations. Reads the pipeline's results; nothing imports it
except the command line."""
