/* ocoplabel — the bounds on input and work, as the code uses them; util/limits.c lists them for the docs, the CLI and the server (not installed). */
#ifndef OCOP_BOUNDS_H
#define OCOP_BOUNDS_H

/* product files */
#define OCOP_MAX_FIELD_BYTES (64 * 1024)       /* one CSV field or one cell's text */
#define OCOP_MAX_COLUMNS 1024                  /* columns of a row */
#define OCOP_MAX_ROW_BYTES (1024 * 1024)       /* one CSV row */
#define OCOP_WB_MAX_FILE (512LL << 20)         /* a workbook file */
#define OCOP_WB_MAX_ENTRIES 10000              /* members of its zip container */
#define OCOP_WB_MAX_SHEET (1LL << 30)          /* one worksheet part (XLSX sheetN.xml, ODS content.xml), uncompressed */
#define OCOP_WB_MAX_STRINGS_PART (64LL << 20)  /* the shared-strings part (XLSX), uncompressed */
#define OCOP_WB_MAX_STRINGS 2000000            /* strings in it */
#define OCOP_WB_MAX_STRINGS_TEXT (48LL << 20)  /* their text, kept in memory */
#define OCOP_WB_MAX_SMALL_PART (16LL << 20)    /* any other part read (workbook, relationships, styles, manifest) */
#define OCOP_WB_MAX_RATIO 200                  /* uncompressed / compressed size of a part over 1 MiB */
#define OCOP_WB_MAX_TOTAL (2LL << 30)          /* all parts read, uncompressed */
#define OCOP_WB_MAX_ROWS 1048576               /* rows of a worksheet, repeated rows counted (Excel's and LibreOffice's) */
#define OCOP_WB_MAX_DEPTH 256                  /* elements nested in a workbook's XML part (libxml2's own bound without XML_PARSE_HUGE) */
/* records */
#define OCOP_MAX_VALUE (64 * 1024)             /* a field's value */
#define OCOP_MAX_FIELD_NAME 128                /* a field's name */
/* layout files and images */
#define OCOP_MAX_TEMPLATE_BYTES (1024 * 1024)  /* a template, sheet or printer profile */
#define OCOP_MAX_ELEMENTS 256                  /* elements of a template */
#define OCOP_MAX_SHEET_POSITIONS 1000          /* labels on a sheet's page */
#define OCOP_MAX_LOGO_BYTES (8 * 1024 * 1024)  /* a logo file */
#define OCOP_MAX_LOGO_SIDE 4096                /* its width and height, pixels */
/* runs and reports */
#define OCOP_MAX_RUN_LABELS 2000000            /* labels of one command-line run, unless --max-labels says otherwise */
#define OCOP_MAX_MESSAGE 1000                  /* characters of a message (its quoted values at most OCOP_QUOTE_CHARS) */
#define OCOP_QUOTE_CHARS 60
/* the web server (ocoplabel serve), its defaults */
#define OCOP_SERVE_MAX_UPLOAD (32LL << 20)     /* a request's body (--max-upload) */
#define OCOP_SERVE_MAX_LABELS 10000            /* labels of one request, rows x copies (--max-labels) */
#define OCOP_SERVE_MAX_OUTPUT (256LL << 20)   /* the labels of one request (a PDF, job, or PNG/SVG files; their zip as much again) */
#define OCOP_SERVE_MAX_JSON_DEPTH 32           /* nesting of a JSON body */
#define OCOP_SERVE_MAX_PARAMS 256              /* parameters of a request (form fields, JSON members, query) */
#define OCOP_SERVE_MAX_PROBLEMS 1000           /* problems a batch answer lists (then a count of the rest) */
#define OCOP_SERVE_MAX_CELL 500                /* characters of a cell in the rows table */
#define OCOP_SERVE_MAX_BUFFERED (64LL << 20)   /* request bodies held in memory at once, all connections */
#define OCOP_RESOLVER_CACHE_BYTES (32 << 20)   /* the resolver's answers kept in memory per reading of the product files */
#define OCOP_SERVE_MAX_PER_CLIENT 16           /* connections from one address */
#define OCOP_SERVE_MAX_CONNECTIONS 512         /* connections at once */
#define OCOP_SERVE_HEAD_SECONDS 10             /* to send a request's head */
#define OCOP_SERVE_REQUEST_SECONDS 120         /* to send a whole request, head and body */
#define OCOP_SERVE_PRINT_TIMEOUT 30            /* the most a print waits for the printer to take data */
#define OCOP_SERVE_PRINT_SECONDS 120           /* the most a print job may take */
#define OCOP_SERVE_STOP_SECONDS 10             /* SIGTERM: work in progress is stopped within this */

#endif
