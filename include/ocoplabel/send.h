/* ocoplabel — sending a finished printer job (TSPL, ZPL, PDF bytes) to a printer: a CUPS queue, socket://HOST[:PORT] or a device. */
#ifndef OCOPLABEL_SEND_H
#define OCOPLABEL_SEND_H

#include "ocoplabel/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Where a job goes, as a string DEST:
 *
 *   - `socket://HOST[:PORT]`: a network printer's raw port (JetDirect,
 *     AppSocket), TCP port 9100 unless given; HOST is a name, an IPv4
 *     address or an IPv6 address in brackets (`socket://[fe80::1%eth0]:9100`).
 *     Nothing may follow the port but one "/".
 *   - a path starting with "/": a printer device, `/dev/usb/lp0` (USB,
 *     usblp, major 180) or `/dev/lp0` (parallel, lp, major 6), or a FIFO
 *     (named pipe) that a spooler or a test reads. Any other file is
 *     refused: a regular file (write one with -o instead), a directory,
 *     another device (/dev/null, a terminal, a disk).
 *   - anything else: the name of a CUPS queue on the server libcups uses
 *     (the CUPS_SERVER environment variable, ~/.cups/client.conf,
 *     /etc/cups/client.conf, else the local cupsd). The job is sent raw
 *     (document format application/vnd.cups-raw): CUPS passes the bytes to
 *     the printer unchanged, so the queue may be a raw queue. When the
 *     server asks for a password, libcups's password callback is used
 *     (cupsSetPasswordCB2(); libcups's default one asks on the terminal).
 *
 * Every byte of a job is sent as it is, nothing added. A job that did not
 * reach the printer whole (or, for CUPS, was not queued whole) never gives 0:
 * the error says how many bytes of how many were sent.
 *
 * Errors name DEST and say what went wrong in plain words; the error codes:
 * OCOP_EINVAL (a malformed DEST, bad options, a file that is not a printer),
 * OCOP_ENOENT (no such CUPS queue: the message lists those that exist; no
 * such host; no such device), OCOP_EIO (the CUPS server cannot be reached or
 * refuses the job, connection refused, host unreachable, permission denied,
 * a printer that is off or unplugged, a connection or write that broke
 * part way), OCOP_ETIMEOUT (no answer, or no progress, within the timeout),
 * OCOP_ENOMEM.
 *
 * Sending never raises SIGPIPE in the calling process: a printer or reader
 * that goes away gives OCOP_EIO. A connection is used by one thread at a
 * time; different connections may be used on different threads.
 */
typedef struct ocop_printer_conn ocop_printer_conn;

/** Options of sending. Initialise with OCOP_SEND_OPTIONS_INIT or ocop_send_options_init(). */
typedef struct ocop_send_options {
	int version;         /**< OCOP_SEND_OPTIONS_VERSION */
	/** Seconds to wait for a connection (to the printer, the CUPS server, a
	 *  FIFO's reader) and for each write to make progress; a printer that
	 *  takes no byte for this long fails the job. 0 means 10; at most 3600.
	 *  Looking up a host name is not bounded by it (the system resolver's
	 *  own timeouts apply). */
	double timeout;
	/** The CUPS job title (job-name); NULL: "ocoplabel". Not used by the
	 *  other destinations. */
	const char *title;
	/* version 2 */
	/** The most seconds the whole job may take, from the connection to the
	 *  printer's taking of its last byte (a socket or device; CUPS spools
	 *  the job at once): a printer that keeps taking a few bytes never
	 *  trips the timeout, and is stopped here (OCOP_ETIMEOUT). 0: no limit;
	 *  at most 86400. */
	double max_time;
} ocop_send_options;

/** Version 2 added max_time; version 1 structs are still read. */
#define OCOP_SEND_OPTIONS_VERSION 2
/** The defaults: timeout 10 s, title "ocoplabel". */
#define OCOP_SEND_OPTIONS_INIT { .version = OCOP_SEND_OPTIONS_VERSION }

/**
 * Sets @p o to the defaults of options version @p version (pass
 * OCOP_SEND_OPTIONS_VERSION), for callers that cannot use the macro.
 * @return 0; OCOP_EINVAL for a NULL @p o or an unknown version.
 */
OCOP_API int ocop_send_options_init(ocop_send_options *o, int version);

/**
 * Opens a connection to the printer @p dest (see above) for one job. For a
 * CUPS queue this checks that the queue exists, creates a job and starts
 * its document; for a socket it connects; for a device or FIFO it opens it
 * for writing without blocking (a FIFO is waited for until a reader opens
 * it, up to the timeout).
 * @param out   receives the connection; finish it with ocop_printer_close()
 *              or cancel it with ocop_printer_abort(). NULL on failure.
 * @param o     options; NULL for the defaults. Copied, not kept.
 * @return 0; OCOP_EINVAL for a NULL argument, bad options or a malformed
 *         @p dest (bad port, empty host, a path after socket://, another
 *         URI scheme), or a path that is not a printer device or FIFO (the
 *         message says what it is); OCOP_ENOENT for a CUPS queue, host or
 *         device that does not exist; OCOP_EIO when the CUPS server cannot
 *         be reached or refuses the job, the connection is refused, the
 *         host is unreachable, the device cannot be opened (permission,
 *         the printer off or unplugged); OCOP_ETIMEOUT when nothing answers
 *         within the timeout; OCOP_ENOMEM.
 */
OCOP_API int ocop_printer_open(ocop_printer_conn **out, const char *dest, const ocop_send_options *o);

/**
 * Sends @p len bytes of the job, waiting while the printer takes them (each
 * wait bounded by the timeout). After a failure the connection only fails:
 * later writes and ocop_printer_close() return the same error.
 * @return 0 when every byte was handed on (to the kernel's socket buffer,
 *         the device, or CUPS); OCOP_EIO when the connection or device
 *         broke (the message says how many bytes were sent and that the
 *         job was not printed whole); OCOP_ETIMEOUT when the printer took
 *         no data for the timeout; OCOP_EINVAL for a NULL @p c, or NULL
 *         @p data with @p len > 0.
 */
OCOP_API int ocop_printer_write(ocop_printer_conn *c, const void *data, size_t len);

/**
 * Finishes the job and frees @p c. A socket is shut down for writing and
 * waited for until the printer has acknowledged every byte (progress bounded
 * by the timeout); a device is waited for until its last write is done; a
 * CUPS document is finished and the job left queued. A job that failed is
 * cancelled (CUPS) or dropped.
 * @return 0 only when every byte was accepted (CUPS: the job was queued
 *         whole); the error of an earlier failed write again; OCOP_EIO or
 *         OCOP_ETIMEOUT when finishing fails (the job was not printed
 *         whole); OCOP_EINVAL for a NULL @p c.
 */
OCOP_API int ocop_printer_close(ocop_printer_conn *c);

/**
 * Cancels the job and frees @p c: a CUPS job is cancelled (cupsCancelJob2()),
 * a socket or device closed at once (what the printer already received may
 * still print). NULL-safe. The calling thread's error object is left as it
 * was, so a caller can abort after a failed write and then report it.
 */
OCOP_API void ocop_printer_abort(ocop_printer_conn *c);

/**
 * Sends the file at @p path as one job to @p dest: open, the file in pieces
 * of 64 KiB (never whole in memory), close; cancelled on any failure.
 * @return 0 when the whole file was sent (see ocop_printer_close()); the
 *         errors of ocop_printer_open(), ocop_printer_write() and
 *         ocop_printer_close(); OCOP_ENOENT when @p path does not exist;
 *         OCOP_EIO when it cannot be read; OCOP_EINVAL when it is empty or
 *         not a regular file or pipe. The file is opened before the printer,
 *         so a missing file makes no job.
 */
OCOP_API int ocop_send_file(const char *dest, const char *path, const ocop_send_options *o);

/**
 * Sends @p len bytes at @p data as one job to @p dest.
 * @return as ocop_send_file(); OCOP_EINVAL for NULL @p data or @p len 0.
 */
OCOP_API int ocop_send_mem(const char *dest, const void *data, size_t len, const ocop_send_options *o);

/** A CUPS printer queue, as ocop_printers_list() gives it. Every string is
 *  owned by the list, never NULL, "" when the server did not say. */
typedef struct ocop_printer_queue {
	char *name;          /**< the queue name, to use as DEST */
	char *info;          /**< its description (printer-info) */
	char *location;      /**< where it is (printer-location) */
	char *device_uri;    /**< where CUPS sends its jobs, e.g. "usb://Xprinter/XP-365B" */
	char *state_message; /**< the last state message (printer-state-message) */
	const char *state;   /**< "idle", "printing", "stopped" or "unknown"; static */
	int accepting;       /**< 1 when it accepts jobs (printer-is-accepting-jobs) */
	int is_default;      /**< 1 for the default destination */
} ocop_printer_queue;

/**
 * The printer queues of the CUPS server that libcups uses (see above), in
 * the server's order (by name). Instances of lpoptions are not listed. The
 * server is waited for at most 10 s.
 * @param out  receives an array of @p *n queues, NULL when there are none;
 *             free with ocop_printers_free().
 * @param n    receives the number of queues.
 * @return 0 (also with no queues); OCOP_EIO when the CUPS server cannot be
 *         reached or refuses the request (the message names the server);
 *         OCOP_EINVAL for a NULL argument; OCOP_ENOMEM.
 */
OCOP_API int ocop_printers_list(ocop_printer_queue **out, size_t *n);

/** Frees the @p n queues of a list from ocop_printers_list(). NULL-safe. */
OCOP_API void ocop_printers_free(ocop_printer_queue *q, size_t n);

#ifdef __cplusplus
}
#endif
#endif
