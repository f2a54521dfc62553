"""The demo: one organization with every part of leerscan filled in (`leerscan demo`). It sits at the
top floor because it uses every app."""
