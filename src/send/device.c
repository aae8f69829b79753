/* ocoplabel — sending to a printer device (/dev/usb/lp0, /dev/lp0) or a FIFO. */
#include "send.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

/* the Linux character-device majors of printers (Documentation/admin-guide/devices.txt) */
#define MAJOR_LP 6
#define MAJOR_USBLP 180

/* ---- devices and FIFOs ---- */

/* what a file that is not a printer is, for the message */
static char *describe_non_printer(const struct stat *st)
{
	if (S_ISREG(st->st_mode))
		return g_strdup(_("a regular file, not a printer (use -o to write a file)"));
	if (S_ISDIR(st->st_mode))
		return g_strdup(_("a directory, not a printer"));
	if (S_ISBLK(st->st_mode))
		return g_strdup_printf(_("a block device (%u,%u: a disk), not a printer"), major(st->st_rdev), minor(st->st_rdev));
	if (S_ISSOCK(st->st_mode))
		return g_strdup(_("a Unix socket, not a printer"));
	if (S_ISCHR(st->st_mode)) {
		unsigned maj = major(st->st_rdev), min = minor(st->st_rdev);
		const char *what = maj == 1                                        ? _("a memory device such as /dev/null")
		                   : maj == 4 || maj == 5 || (maj >= 136 && maj <= 143) ? _("a terminal")
		                   : maj == 166 || maj == 188                       ? _("a serial port")
		                                                                    : _("not a printer driver's");
		/* TRANSLATORS: %u,%u are the device's major and minor numbers; %s what the device is, e.g. "a terminal" */
		return g_strdup_printf(_("a character device (%u,%u: %s), not a printer"), maj, min, what);
	}
	return g_strdup(_("not a printer"));
}

static int is_printer_file(const struct stat *st)
{
	if (S_ISFIFO(st->st_mode))
		return 1;
	return S_ISCHR(st->st_mode) && (major(st->st_rdev) == MAJOR_LP || major(st->st_rdev) == MAJOR_USBLP);
}

static int refuse_non_printer(const char *dest, const struct stat *st)
{
	char *what = describe_non_printer(st);
	int err = ocop_set_error(OCOP_EINVAL, "%s: is %s; give a printer device (/dev/usb/lp0, /dev/lp0) or a FIFO", dest, what);
	g_free(what);
	return err;
}

int ocop_device_open(ocop_printer_conn **out, const char *dest, double timeout)
{
	struct stat st;
	if (stat(dest, &st) < 0) {
		int e = errno;
		if (e == ENOENT)
			return ocop_set_error(OCOP_ENOENT, "%s: no such device (is the printer plugged in? USB printers are /dev/usb/lp0, /dev/usb/lp1, ...)",
			                      dest);
		if (e == EACCES)
			return ocop_set_error(OCOP_EIO, "%s: permission denied (%s)", dest, g_strerror(e));
		return ocop_set_error(OCOP_EIO, "%s: %s", dest, g_strerror(e));
	}
	/* a regular file is refused before it is opened: it is never touched */
	if (!is_printer_file(&st))
		return refuse_non_printer(dest, &st);
	int fifo = S_ISFIFO(st.st_mode);
	gint64 deadline = ocop_deadline_after(timeout);
	int fd;
	for (;;) {
		fd = open(dest, O_WRONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
		if (fd >= 0)
			break;
		int e = errno;
		if (e == EINTR)
			continue;
		/* a FIFO without a reader: wait for one, up to the timeout */
		if (e == ENXIO && fifo) {
			if (ocop_ms_left(deadline) == 0)
				return ocop_set_error(OCOP_ETIMEOUT, "%s: no program opened the FIFO for reading within %g s", dest,
				                      timeout);
			poll(NULL, 0, 20);
			continue;
		}
		switch (e) {
		case EACCES:
		case EPERM:
			return ocop_set_error(OCOP_EIO, "%s: permission denied: add your user to the group of the device (often lp: "
			                      "sudo usermod -aG lp $USER, then log in again) or print through a CUPS queue", dest);
		case ENXIO:
		case ENODEV:
			return ocop_set_error(OCOP_EIO, "%s: the printer is off or unplugged (%s)", dest, g_strerror(e));
		case EBUSY:
			return ocop_set_error(OCOP_EIO, "%s: the printer is in use by another program (a CUPS queue on the same "
			                      "printer? then print to that queue)", dest);
		case ENOSPC:
			return ocop_set_error(OCOP_EIO, "%s: the printer is out of paper (%s)", dest, g_strerror(e));
		case EIO:
			return ocop_set_error(OCOP_EIO, "%s: the printer is offline or reports an error (%s)", dest, g_strerror(e));
		default:
			return ocop_set_error(OCOP_EIO, "%s: cannot open (%s)", dest, g_strerror(e));
		}
	}
	/* the file opened must be the one checked (it may have been replaced meanwhile) */
	struct stat st2;
	if (fstat(fd, &st2) < 0) {
		int e = errno;
		close(fd);
		return ocop_set_error(OCOP_EIO, "%s: %s", dest, g_strerror(e));
	}
	if (!is_printer_file(&st2) || st2.st_rdev != st.st_rdev || st2.st_ino != st.st_ino || st2.st_dev != st.st_dev) {
		close(fd);
		return is_printer_file(&st2) ? ocop_set_error(OCOP_EIO, "%s: replaced while it was being opened", dest)
		                             : refuse_non_printer(dest, &st2);
	}
	ocop_printer_conn *c = ocop_conn_new(CONN_DEVICE, dest, timeout);
	c->fd = fd;
	*out = c;
	return 0;
}

/* a device: waits until its last write is done (usblp says POLLOUT when no transfer is in flight;
 * closing earlier would cancel it) */
int ocop_device_finish(ocop_printer_conn *c)
{
	struct pollfd pfd = { .fd = c->fd, .events = POLLOUT };
	int r;
	do
		r = poll(&pfd, 1, ocop_ms_left(ocop_conn_deadline(c)));
	while (r < 0 && errno == EINTR);
	if (r == 0) {
		char *what = g_strdup_printf(_("the printer did not finish taking the job within %g s"), c->timeout);
		int err = ocop_conn_timed_out(c, what);
		g_free(what);
		return err;
	}
	if (r > 0 && (pfd.revents & (POLLERR | POLLNVAL)) && !(pfd.revents & POLLOUT))
		return ocop_conn_broken(c, EPIPE);
	return 0;
}
