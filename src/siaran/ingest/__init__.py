"""Import of real platform exports: one module per input layout, chosen by content."""
