/** The `item_list` entries a bot sends (docs/ilink-protocol.md §7.2, §7.3 step 8): exactly one per request. */

/** A CDN object as a message item points at it. */
export interface UploadedMedia {
  /** `x-encrypted-param` of the upload. A credential: never shown. */
  readonly encryptedParam: string;
  /** The AES key as sent: base64 of its 32 hex characters. A credential: never shown. */
  readonly aesKey: string;
  /** The plaintext size. */
  readonly size: number;
  /** The ciphertext size (plaintext padded to the next 16 bytes, at least one byte of padding). */
  readonly cipherSize: number;
}

export type OutgoingItem =
  | { readonly type: 1; readonly text_item: { readonly text: string } }
  | { readonly type: 2; readonly image_item: { readonly media: MediaRefBody; readonly mid_size: number } }
  | { readonly type: 4; readonly file_item: { readonly media: MediaRefBody; readonly file_name: string; readonly len: string } }
  | { readonly type: 5; readonly video_item: { readonly media: MediaRefBody; readonly video_size: number } };

interface MediaRefBody {
  readonly encrypt_query_param: string;
  readonly aes_key: string;
  readonly encrypt_type: 1;
}

/** What an upload is sent as (docs/ilink-protocol.md §7.3: `media_type` 1 image, 2 video, 3 file). */
export type MediaKind = 'image' | 'video' | 'file';

/** `getuploadurl`'s `media_type` of each kind. */
export const MEDIA_TYPE: Readonly<Record<MediaKind, 1 | 2 | 3>> = { image: 1, video: 2, file: 3 };

export const textItem = (text: string): OutgoingItem => ({ type: 1, text_item: { text } });

const refOf = (media: UploadedMedia): MediaRefBody => ({ encrypt_query_param: media.encryptedParam, aes_key: media.aesKey, encrypt_type: 1 });

/** The item of an uploaded picture, video or file, as Tencent's client builds it (docs/ilink-protocol.md §7.3 step 8). */
export function mediaItem(kind: MediaKind, media: UploadedMedia, fileName: string): OutgoingItem {
  switch (kind) {
    case 'image':
      return { type: 2, image_item: { media: refOf(media), mid_size: media.cipherSize } };
    case 'video':
      return { type: 5, video_item: { media: refOf(media), video_size: media.cipherSize } };
    case 'file':
      return { type: 4, file_item: { media: refOf(media), file_name: fileName, len: String(media.size) } };
  }
}
