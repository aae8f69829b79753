/* ocoplabel — the automatic layout's arrangements: header, codes and text blocks placed by the label's shape, text measured. */
#include "autolayout.h"
#include <string.h>

/* The text blocks under the header, in reading order, each in two wordings (long, short). The words are
 * the label's, in Vietnamese whatever the user's language (Decree 43 asks for Vietnamese labels). */
typedef struct al_block {
	const char *id;
	const char *name;     /* in messages, N_() */
	const char *text[2];
} al_block;

/* (U+00A0, no-break spaces, keep a label's words such as "Mã số vùng trồng:" on one line) */
static const al_block blocks[] = {
	/* NOTR: the label's own text (a template's text= with placeholders), in Vietnamese */
	{ "producer", N_("producer and address"), { "{producer}\n{address}", "{producer}\n{address}" } },
	{ "codes", N_("growing-area and packing-facility codes"),
	  /* NOTR: the label's own text (a template's text= with placeholders), in Vietnamese */
	  { "Mã\u00a0số\u00a0vùng\u00a0trồng: {growing_area}\nMã\u00a0số\u00a0CSĐG: {packing_facility}", "Vùng\u00a0trồng: {growing_area}\nCSĐG: {packing_facility}" } },
	{ "dates", N_("lot and dates"),
	  /* NOTR: the label's own text (a template's text= with placeholders), in Vietnamese */
	  { "Số\u00a0lô: {lot}\nNSX: {production_date}\nHSD: {expiry_date}", "Lô: {lot}\nNSX: {production_date}\nHSD: {expiry_date}" } },
	{ "quantity", N_("net quantity and origin"),
	  /* NOTR: the label's own text (a template's text= with placeholders), in Vietnamese */
	  { "Khối\u00a0lượng\u00a0tịnh: {net_quantity}\nXuất\u00a0xứ: {origin}", "KL: {net_quantity}\nXuất\u00a0xứ: {origin}" } },
};

const char *al_block_name(const char *id)
{
	for (size_t i = 0; i < G_N_ELEMENTS(blocks); i++)
		if (strcmp(id, blocks[i].id) == 0)
			return _(blocks[i].name);
	if (strcmp(id, "name") == 0)
		return _("product name");
	return _("codes");
}

/* The height (mm) the text needs at s pt in width w for every product (cached), or -1 when a word is wider; *widest
 * (may be NULL): its widest line. */
static double need2(al_ctx *c, const char *tmpl, bool bold, double s, double w, double *widest)
{
	char *key = g_strdup_printf("%s\x1f%d\x1f%d\x1f%d", tmpl, (int)lround(s * 10), (int)lround(w * 100), bold);
	double *v = g_hash_table_lookup(c->need, key);
	if (!v) {
		v = g_new0(double, 2);
		for (size_t i = 0; i < c->n && v[0] >= 0; i++) {
			double wi, n = ocop_text_need(&wi, c->probe, tmpl, bold, s, w, c->recs[i], c->urls[i]);
			v[0] = n < 0 ? -1 : MAX(v[0], n);
			v[1] = MAX(v[1], wi);
		}
		g_hash_table_insert(c->need, key, v);
	} else {
		g_free(key);
	}
	if (widest)
		*widest = v[1];
	return v[0];
}

static double need(al_ctx *c, const char *tmpl, bool bold, double s, double w) { return need2(c, tmpl, bold, s, w, NULL); }

static al_item *add(al_layout *L, const char *id, al_kind kind, double x, double y, double w, double h)
{
	al_item *it = &L->items[L->n++];
	*it = (al_item){ .id = id, .kind = kind, .x = x, .y = y, .w = w, .h = h, .valign = -1 };
	return it;
}

/* Mark, name and stars in a box hw wide at (x0, y0); its height, or -1 when the name has no room. */
static double header(al_layout *L, al_ctx *c, double x0, double y0, double hw, double hm)
{
	double st_h = CLAMP(hm * 0.26, 1.6, 4.5);
	double nx = x0 + hm + AL_COL_GAP, nw = hw - hm - AL_COL_GAP;
	if (nw < 8)
		return -1;
	double room = hm - st_h - 0.3, s, nh = -1;
	for (s = floor(CLAMP(hm * 0.95, 7, 15) * 2) / 2; s >= AL_MIN_PT - 1e-9; s -= 0.5) {
		nh = need(c, "{name}", true, s, nw);
		if (nh >= 0 && nh <= room)
			break;
	}
	if (s < AL_MIN_PT - 1e-9) {
		/* no size fits beside the mark: the header grows to the name's lines at the smallest size */
		s = AL_MIN_PT;
		if ((nh = need(c, "{name}", true, s, nw)) < 0)
			return -1;
	}
	double name_h = MAX(nh + 0.1, room);
	add(L, "mark", AL_MARK, x0, y0, hm, hm);
	al_item *n = add(L, "name", AL_TEXT, nx, y0, nw, name_h);
	n->text = "{name}";
	n->size = s;
	n->bold = true;
	n->valign = 0;
	add(L, "stars", AL_STARS, nx, y0 + name_h + 0.3, MIN(nw, st_h * 5.6), st_h);
	L->name_pt = s;
	return MAX(hm, name_h + 0.3 + st_h);
}

typedef struct al_region {
	double x, y, w, bottom;
} al_region;

/* The text blocks into the regions, each into the first with room for it. A block whose lines leave room at its
 * right offers that room to the next block (two short blocks side by side, as lot and dates beside quantity). */
static bool flow(al_layout *L, al_ctx *c, al_region *rg, int nr, int wording, double s)
{
	al_region side = { 0 };
	int side_of = -1;
	for (size_t b = 0; b < G_N_ELEMENTS(blocks); b++) {
		const char *tmpl = blocks[b].text[wording];
		if (side_of >= 0) {
			double h = need(c, tmpl, false, s, side.w);
			if (h > 0 && side.y + h + 0.1 <= side.bottom + 1e-6) {
				al_item *it = add(L, blocks[b].id, AL_TEXT, side.x, side.y, side.w, h + 0.1);
				it->text = tmpl;
				it->size = s;
				rg[side_of].y = MAX(rg[side_of].y, side.y + h + 0.1 + AL_GAP);
				side_of = -1;
				continue;
			}
			side_of = -1;
		}
		bool placed = false;
		for (int i = 0; i < nr && !placed; i++) {
			if (rg[i].w < 6 || rg[i].bottom - rg[i].y < 1.5)
				continue;
			double widest, h = need2(c, tmpl, false, s, rg[i].w, &widest);
			if (h < 0 || rg[i].y + h + 0.1 > rg[i].bottom + 1e-6)
				continue;
			placed = true;
			if (h == 0)
				break; /* no product has these values */
			double bw = rg[i].w;
			if (widest + 0.3 + AL_COL_GAP + 12 <= rg[i].w) {
				bw = widest + 0.3;
				side = (al_region){ rg[i].x + bw + AL_COL_GAP, rg[i].y, rg[i].w - bw - AL_COL_GAP, rg[i].bottom };
				side_of = i;
			}
			al_item *it = add(L, blocks[b].id, AL_TEXT, rg[i].x, rg[i].y, bw, h + 0.1);
			it->text = tmpl;
			it->size = s;
			rg[i].y += h + 0.1 + AL_GAP;
		}
		if (!placed) {
			L->fail = blocks[b].id;
			return false;
		}
	}
	return true;
}

static void add_codes(al_layout *L, const al_codes *k, double qx, double qy, double ex, double ey)
{
	add(L, k->dm ? "datamatrix" : "qr", k->dm ? AL_DM : AL_QR, qx, qy, k->q, k->qh);
	if (k->ean)
		add(L, "ean", AL_EAN, ex, ey, k->ean_w, k->ean_h);
}

bool al_arrange(al_layout *L, al_ctx *c, const al_codes *k, double W, double H, int a, int w, double s)
{
	memset(L, 0, sizeof *L);
	L->body_pt = s;
	double x0 = c->ml, y0 = c->mt, x1 = W - c->mr, y1 = H - c->mb, iw = x1 - x0, ih = y1 - y0;
	double ew = k->ean ? k->ean_w : 0, eh = k->ean ? k->ean_h : 0, q = k->q, qh = k->qh;
	double hm = CLAMP(0.22 * MIN(iw, ih), 5.5, 16);
	al_region rg[4];
	int nr = 0;
	L->fail = "codes";
	if (ew > iw + 1e-9 || q > iw + 1e-9 || qh > ih + 1e-9)
		return false;
	if (a == 0) {
		/* the 2D code in the top right corner, the header beside it, the EAN at the bottom left */
		L->shape = "corner";
		double hh = header(L, c, x0, y0, iw - q - AL_COL_GAP, hm);
		if (hh < 0) {
			L->fail = "name";
			return false;
		}
		double ye = k->ean ? y1 - eh : y1;
		if (k->ean && (ye < y0 + hh + AL_GAP || (ew > iw - q - AL_COL_GAP && ye < y0 + qh + AL_GAP)))
			return false;
		add_codes(L, k, x1 - q, y0, x0, ye);
		double ym = y0 + hh + AL_GAP, yq = y0 + qh + AL_GAP;
		double ytext_end = k->ean ? ye - AL_GAP : y1;
		rg[nr++] = (al_region){ x0, ym, iw - q - AL_COL_GAP, MIN(y0 + qh, ytext_end) };
		rg[nr++] = (al_region){ x0, MAX(ym, yq), iw, ytext_end };
		if (k->ean)
			rg[nr++] = (al_region){ x0 + ew + AL_COL_GAP, MAX(ye, MAX(ym, yq)), iw - ew - AL_COL_GAP, y1 };
	} else {
		/* the header across the top; the codes at the bottom: side by side (1) or the EAN under the 2D code (2) */
		L->shape = a == 1 ? "band" : "stack";
		double hh = header(L, c, x0, y0, iw, hm);
		if (hh < 0) {
			L->fail = "name";
			return false;
		}
		double ytop = y0 + hh + AL_GAP;
		if (a == 1 || !k->ean) {
			if (k->ean && ew + AL_COL_GAP + q > iw + 1e-9)
				return false;
			double bh = MAX(qh, eh);
			if (y1 - bh < ytop)
				return false;
			add_codes(L, k, x1 - q, y1 - qh, x0, y1 - eh);
			rg[nr++] = (al_region){ x0, ytop, iw, y1 - bh - AL_GAP };
			rg[nr++] = (al_region){ x0 + (k->ean ? ew + AL_COL_GAP : 0), y1 - bh, iw - q - AL_COL_GAP - (k->ean ? ew + AL_COL_GAP : 0), y1 };
			if (k->ean && eh < qh)
				rg[nr++] = (al_region){ x0, y1 - bh, MIN(ew, iw - q - AL_COL_GAP), y1 - eh - AL_GAP };
		} else {
			double qy = y1 - eh - AL_GAP - qh;
			if (qy < ytop)
				return false;
			add_codes(L, k, x1 - q, qy, x0, y1 - eh);
			rg[nr++] = (al_region){ x0, ytop, iw, qy - AL_GAP };
			rg[nr++] = (al_region){ x0, MAX(qy, ytop), iw - q - AL_COL_GAP, y1 - eh - AL_GAP };
			rg[nr++] = (al_region){ x0 + ew + AL_COL_GAP, y1 - eh, iw - ew - AL_COL_GAP, y1 };
		}
	}
	/* text boxes 0.1 mm inside their region: glyphs may reach 0.25 mm past a box's side */
	for (int i = 0; i < nr; i++) {
		rg[i].x += 0.1;
		rg[i].w -= 0.2;
	}
	L->fail = NULL;
	return flow(L, c, rg, nr, w, s);
}
