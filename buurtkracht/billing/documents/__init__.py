"""Documents rendered from frozen invoice data: UBL e-invoices, PDFs and bookkeeping exports. Rendering the
same issued invoice twice gives the same bytes."""
