"""Layer 2, bytes and dialect: the package's size, and each CSV read strictly (UTF-8, LF,
commas, quoting), with its hash and bytes."""
