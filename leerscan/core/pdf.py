"""HTML to PDF, the one way leerscan makes PDFs (WeasyPrint)."""


def html_to_pdf(html: str) -> bytes:
    """Render an HTML document (inline CSS and SVG) to PDF bytes."""
    from weasyprint import HTML  # imported late: loading WeasyPrint takes a moment

    return HTML(string=html).write_pdf()
