/* The pdfium backend's one loop over a text page's characters, in C (see pdfium_text.py).
 *
 * For each character, pdfium is asked three things: its text object, its loose box and its
 * origin. Through ctypes each question costs about 0.3 microseconds of call overhead (over
 * 0.1 s for the 121,000 characters of a 108-page report, a quarter of the reading); here the
 * same three pdfium functions are called from a loop in C, their addresses handed over from
 * pypdfium2's own bindings, so nothing is linked against pdfium and the answers are the ones
 * the ctypes path gets. The caller owns the arrays, n long (boxes 4n, origins 2n), and fills
 * them with zeros first: a character pdfium cannot answer for keeps zeros, as on that path.
 *
 * No Python API is used: built by setuptools as an optional extension (no compiler, no
 * helper: the ctypes path runs), and loaded with ctypes.CDLL, never imported.
 */
#include <stddef.h>

typedef void *(*text_object_fn)(void *textpage, int index);
typedef int (*loose_box_fn)(void *textpage, int index, float *rect);
typedef int (*origin_fn)(void *textpage, int index, double *x, double *y);

int rapportanalys_page_chars(void *textpage, int n, text_object_fn text_object, loose_box_fn loose_box,
                             origin_fn origin, unsigned long long *objects, float *boxes, double *origins)
{
    for (int i = 0; i < n; i++) {
        objects[i] = (unsigned long long)(size_t)text_object(textpage, i);
        loose_box(textpage, i, boxes + 4 * (size_t)i);
        origin(textpage, i, origins + 2 * (size_t)i, origins + 2 * (size_t)i + 1);
    }
    return n;
}
