/* ocoplabel — serve's EPCIS captures: each page batch on the registry sent to the repository of --capture by a thread of its own, so that the clerk never waits for it. */
#include "api.h"
#include <stdio.h>

/* one capture at a time, in the order the runs were made; a run's events are recorded as sent only when
 * the repository accepted them (ocop_epcis_capture), and one that failed is on record (registry captures)
 * to be sent again with `ocoplabel registry epcis RUN --capture URL` */
static GAsyncQueue *runs;   /* long long* run numbers; 0 is the mark to stop */
static GThread *sender;

enum { CAPTURE_TIMEOUT = 10, CAPTURE_WAIT = 30 }; /* seconds: an answer, the repository's job */

static gpointer send_runs(gpointer unused)
{
	(void)unused;
	const serve_config *c = serve_get_config();
	for (;;) {
		long long *run = g_async_queue_pop(runs);
		long long id = *run;
		g_free(run);
		if (id == 0)
			break;
		ocop_epcis_options eo = OCOP_EPCIS_OPTIONS_INIT;
		eo.runs = &id;
		eo.n_runs = 1;
		ocop_epcis_capture_options co = OCOP_EPCIS_CAPTURE_OPTIONS_INIT;
		co.token = c->capture_token;
		co.timeout = CAPTURE_TIMEOUT;
		co.wait = CAPTURE_WAIT;
		ocop_epcis_capture_result res;
		if (ocop_epcis_capture(&res, serve_registry(), c->capture, &eo, &co) < 0)
			fprintf(stderr, _("ocoplabel serve: run %lld not captured by %s: %s\n"), id, c->capture, ocop_error_last());
		else
			printf(_("ocoplabel serve: run %lld: %zu events captured by %s (capture %lld)\n"), id, res.events,
			       c->capture, res.capture);
		fflush(stdout);
	}
	return NULL;
}

void serve_capture_start(void)
{
	if (!serve_get_config()->capture || !serve_registry())
		return;
	runs = g_async_queue_new();
	/* NOTR: a thread's name */
	sender = g_thread_new("ocoplabel-capture", send_runs, NULL);
}

void serve_capture_run(long long run)
{
	if (!sender || run <= 0)
		return;
	g_async_queue_push(runs, g_memdup2(&run, sizeof run));
}

void serve_capture_stop(void)
{
	if (!sender)
		return;
	/* the capture in progress ends within its bounds; the runs still waiting are left for
	 * `ocoplabel registry epcis RUN --capture URL`, and named */
	long long *left;
	while ((left = g_async_queue_try_pop(runs))) {
		fprintf(stderr, _("ocoplabel serve: run %lld not captured (the server stopped first): send it with "
		                  "ocoplabel registry epcis %lld --capture URL\n"), *left, *left);
		g_free(left);
	}
	long long stop = 0;
	g_async_queue_push(runs, g_memdup2(&stop, sizeof stop));
	g_thread_join(sender);
	sender = NULL;
	g_async_queue_unref(runs);
	runs = NULL;
}
