"""leerscan's own date formats where Django's are ambiguous (``FORMAT_MODULE_PATH``)."""
