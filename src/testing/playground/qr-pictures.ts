/** The login QR codes the phone mock shows, drawn as SVG once per login (with the `qrcode` package the simulators use). */
import { loadQrcode } from '../simulator/packages.js';

/** Logins whose picture is kept; older ones are drawn again if ever asked for. */
const MAX_KEPT = 20;

export class QrPictures {
  private readonly svgs = new Map<string, string>();

  svg(id: string): string | undefined {
    return this.svgs.get(id);
  }

  /**
   * Calls `show` at once, or for a login still waiting for a scan whose QR is not drawn yet, once it is (or cannot be):
   * the page gets the picture with the login.
   */
  showWhenDrawn(id: string, content: string, waiting: boolean, show: () => void): void {
    if (!waiting || this.svgs.has(id)) show();
    else void this.draw(id, content).then(show);
  }

  /** Draws the QR of login `id` (encoding `content`) unless it is drawn; resolves when done or when it cannot be drawn. */
  private async draw(id: string, content: string): Promise<void> {
    if (this.svgs.has(id)) return;
    try {
      this.svgs.set(id, await loadQrcode().toString(content, { type: 'svg', margin: 2 }));
    } catch {
      return; // the page shows the login without its picture
    }
    for (const old of this.svgs.keys()) {
      if (this.svgs.size <= MAX_KEPT) break;
      this.svgs.delete(old);
    }
  }
}
