/**
 * The email layout every HTML part is rendered into (the same for every language), and the
 * `button` partial that templates render their action links with:
 * `{% render "button", url: links.manage, label: "Manage my booking" %}`.
 *
 * Simple, inline-styled and accessible: one centred column, real text (no images), the document's
 * language set, tables marked as presentation, and buttons that are links with enough contrast.
 */
import type { Locale } from "@creneau/core"

const FONT = "font-family:Arial,Helvetica,sans-serif"

export const BUTTON = `<table role="presentation" cellspacing="0" cellpadding="0" border="0" style="margin:16px 0"><tr><td style="border-radius:6px;background:#1f5f55"><a href="{{ url }}" target="_blank" style="display:inline-block;padding:12px 22px;${FONT};font-size:16px;font-weight:bold;line-height:20px;color:#ffffff;text-decoration:none;border-radius:6px">{{ label }}</a></td></tr></table>`

/** Rendered with `lang`, `title`, `business`, `footer` and `content` (the HTML part, already rendered). */
export const EMAIL_LAYOUT = `<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>{{ title }}</title>
</head>
<body style="margin:0;padding:0;background:#f3f4f2">
<div role="article" aria-roledescription="email" aria-label="{{ title }}" lang="{{ lang }}" style="padding:24px 12px;background:#f3f4f2">
<table role="presentation" width="100%" cellspacing="0" cellpadding="0" border="0" style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px">
<tr><td style="padding:24px 28px 4px;${FONT};font-size:14px;font-weight:bold;letter-spacing:0.5px;color:#1f5f55">{{ business }}</td></tr>
<tr><td style="padding:4px 28px 24px;${FONT};font-size:16px;line-height:1.5;color:#1c2422">
{{ content | raw }}
</td></tr>
</table>
<p style="max-width:560px;margin:16px auto 0;${FONT};font-size:12px;line-height:1.5;color:#555f5c;text-align:center">{{ footer }}</p>
</div>
</body>
</html>
`

/** The layout's own words, per language. */
export const layoutFooter: Record<Locale, (business: string) => string> = {
  fr: (business) => `Ce message vous est envoyé par ${business} avec Créneau.`,
  en: (business) => `This message was sent to you by ${business} with Créneau.`
}
