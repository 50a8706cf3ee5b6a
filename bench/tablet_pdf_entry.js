// Entry of the tablet-PDF benchmark's bundle (bench/tablet_pdf.py): the app's own renderEdlPdf, on
// window. pdf-lib stays behind its dynamic import, in a chunk of its own, as in the field app.
import { renderEdlPdf } from '../pwa/src/edl/pdf.js';

window.renderEdlPdf = renderEdlPdf;
