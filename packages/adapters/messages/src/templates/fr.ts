/**
 * The default templates in French, one per (event, recipient, channel) the planner writes. They
 * are Liquid: the variables are those the core offers for each key (see TemplateVariables in the
 * core), and the HTML part is the content of the shared email layout. Shared blocks are written
 * once below and spelled out in each template, so that a business editing one sees all of it.
 */
import type { DefaultTemplates } from "./Defaults.js"

const P = '<p style="margin:0 0 12px">'

const details = {
  text: `{% for s in services %}- {{ s.name }} : {{ s.duration }}, {{ s.price }}{% if s.staff %}, avec {{ s.staff }}{% endif %}
{% endfor %}Durée totale : {{ totalDuration }} · Total : {{ totalPrice }}`,
  html: `<ul style="margin:0 0 12px;padding-left:20px">{% for s in services %}<li>{{ s.name }} : {{ s.duration }}, {{ s.price }}{% if s.staff %}, avec {{ s.staff }}{% endif %}</li>{% endfor %}</ul>
${P}Durée totale : {{ totalDuration }} · Total : {{ totalPrice }}</p>`
}

const series = {
  text: `{% if seriesDates.size > 0 %}
Les {{ seriesDates.size }} dates de la série :
{% for d in seriesDates %}- {{ d }}
{% endfor %}{% endif %}`,
  html: `{% if seriesDates.size > 0 %}${P}Les {{ seriesDates.size }} dates de la série :</p>
<ul style="margin:0 0 12px;padding-left:20px">{% for d in seriesDates %}<li>{{ d }}</li>{% endfor %}</ul>{% endif %}`
}

const request = {
  text: `{% if customerRequest %}Votre demande : {{ customerRequest }}{% endif %}`,
  html: `{% if customerRequest %}${P}Votre demande : {{ customerRequest }}</p>{% endif %}`
}

const clientBlock = {
  text: `Client : {{ client.name | default: "aucun" }}{% if client.phone %} · {{ client.phone }}{% endif %}{% if client.email %} · {{ client.email }}{% endif %}{% if customerRequest %}
Demande du client : {{ customerRequest }}{% endif %}`,
  html: `${P}Client : <strong>{{ client.name | default: "aucun" }}</strong>{% if client.phone %} · {{ client.phone }}{% endif %}{% if client.email %} · {{ client.email }}{% endif %}</p>
{% if customerRequest %}${P}Demande du client : {{ customerRequest }}</p>{% endif %}`
}

const newBooking = {
  text: `Prendre un nouveau rendez-vous : {{ links.newBooking }}`,
  html: `{% render "button", url: links.newBooking, label: "Prendre un nouveau rendez-vous" %}`
}

const manage = {
  text: `Modifier ou annuler : {{ links.manage }}`,
  html: `{% render "button", url: links.manage, label: "Modifier ou annuler" %}`
}

const reject = {
  text: `{% if links.reject %}Refuser ce rendez-vous : {{ links.reject }}{% endif %}`,
  html: `{% if links.reject %}{% render "button", url: links.reject, label: "Refuser ce rendez-vous" %}{% endif %}`
}

export const fr: DefaultTemplates = {
  // ---- the client ----------------------------------------------------------------------------
  "pending/customer/email": {
    subject: "Demande de rendez-vous reçue – {{ business.name }}",
    text: `Bonjour {{ client.firstName }},

Nous avons bien reçu votre demande de rendez-vous chez {{ business.name }} le {{ start }}. Elle doit encore être acceptée : vous recevrez un e-mail dès qu'elle le sera.

${details.text}
${series.text}
${request.text}

${manage.text}
${newBooking.text}`,
    html: `${P}Bonjour {{ client.firstName }},</p>
${P}Nous avons bien reçu votre demande de rendez-vous chez <strong>{{ business.name }}</strong> le <strong>{{ start }}</strong>. Elle doit encore être acceptée : vous recevrez un e-mail dès qu'elle le sera.</p>
${details.html}
${series.html}
${request.html}
${manage.html}
${newBooking.html}`
  },
  "confirm_request/customer/email": {
    subject: "Merci de confirmer votre rendez-vous du {{ date }} – {{ business.name }}",
    text: `Bonjour {{ client.firstName }},

{{ business.name }} vous propose un rendez-vous le {{ start }}. Merci de le confirmer :
{{ links.confirm }}

${details.text}
${series.text}
${request.text}

${manage.text}`,
    html: `${P}Bonjour {{ client.firstName }},</p>
${P}<strong>{{ business.name }}</strong> vous propose un rendez-vous le <strong>{{ start }}</strong>. Merci de le confirmer.</p>
{% render "button", url: links.confirm, label: "Confirmer le rendez-vous" %}
${details.html}
${series.html}
${request.html}
${manage.html}`
  },
  "confirmed/customer/email": {
    subject: "Rendez-vous confirmé le {{ date }} – {{ business.name }}",
    text: `Bonjour {{ client.firstName }},

Votre rendez-vous chez {{ business.name }} est confirmé le {{ start }}.

${details.text}
${series.text}
${request.text}

L'invitation jointe ajoute ce rendez-vous à votre agenda.

${manage.text}
${newBooking.text}`,
    html: `${P}Bonjour {{ client.firstName }},</p>
${P}Votre rendez-vous chez <strong>{{ business.name }}</strong> est confirmé le <strong>{{ start }}</strong>.</p>
${details.html}
${series.html}
${request.html}
${P}L'invitation jointe ajoute ce rendez-vous à votre agenda.</p>
${manage.html}
${newBooking.html}`
  },
  "cancelled/customer/email": {
    subject: "Rendez-vous annulé : {{ date }} – {{ business.name }}",
    text: `Bonjour {{ client.firstName }},

Votre rendez-vous chez {{ business.name }} du {{ start }} est annulé.
{% if message %}
Message de {{ business.name }} :
{{ message }}
{% endif %}
${details.text}

${newBooking.text}`,
    html: `${P}Bonjour {{ client.firstName }},</p>
${P}Votre rendez-vous chez <strong>{{ business.name }}</strong> du <strong>{{ start }}</strong> est annulé.</p>
{% if message %}<blockquote style="margin:0 0 12px;padding:8px 12px;border-left:4px solid #1f5f55;background:#f3f4f2"><p style="margin:0 0 4px;font-weight:bold">Message de {{ business.name }} :</p><p style="margin:0;white-space:pre-line">{{ message }}</p></blockquote>{% endif %}
${details.html}
${newBooking.html}`
  },
  "rejected/customer/email": {
    subject: "Votre demande de rendez-vous n'a pas pu être acceptée – {{ business.name }}",
    text: `Bonjour {{ client.firstName }},

Nous sommes désolés : {{ business.name }} ne peut pas vous recevoir le {{ start }}.
{% if reason %}
Motif : {{ reason }}
{% endif %}
Choisissez un autre moment : {{ links.newBooking }}`,
    html: `${P}Bonjour {{ client.firstName }},</p>
${P}Nous sommes désolés : <strong>{{ business.name }}</strong> ne peut pas vous recevoir le <strong>{{ start }}</strong>.</p>
{% if reason %}${P}Motif : {{ reason }}</p>{% endif %}
{% render "button", url: links.newBooking, label: "Choisir un autre moment" %}`
  },
  "rescheduled/customer/email": {
    subject: "Rendez-vous déplacé au {{ date }} – {{ business.name }}",
    text: `Bonjour {{ client.firstName }},

Votre rendez-vous chez {{ business.name }} est déplacé.
Nouvel horaire : {{ start }}
Ancien horaire : {{ previousStart }}

${details.text}

L'invitation jointe met votre agenda à jour.

${manage.text}`,
    html: `${P}Bonjour {{ client.firstName }},</p>
${P}Votre rendez-vous chez <strong>{{ business.name }}</strong> est déplacé.</p>
${P}Nouvel horaire : <strong>{{ start }}</strong><br>Ancien horaire : <s>{{ previousStart }}</s></p>
${details.html}
${P}L'invitation jointe met votre agenda à jour.</p>
${manage.html}`
  },
  "reminder/customer/email": {
    subject: "Rappel : votre rendez-vous du {{ date }} à {{ startTime }} – {{ business.name }}",
    text: `Bonjour {{ client.firstName }},

Nous vous rappelons votre rendez-vous chez {{ business.name }} le {{ start }}.

${details.text}

${manage.text}
${newBooking.text}`,
    html: `${P}Bonjour {{ client.firstName }},</p>
${P}Nous vous rappelons votre rendez-vous chez <strong>{{ business.name }}</strong> le <strong>{{ start }}</strong>.</p>
${details.html}
${manage.html}
${newBooking.html}`
  },
  "follow_up/customer/email": {
    subject: "Merci de votre visite – {{ business.name }}",
    text: `Bonjour {{ client.firstName }},

Merci d'être venu(e) chez {{ business.name }} le {{ date }}. Nous espérons vous revoir bientôt.

${newBooking.text}`,
    html: `${P}Bonjour {{ client.firstName }},</p>
${P}Merci d'être venu(e) chez <strong>{{ business.name }}</strong> le {{ date }}. Nous espérons vous revoir bientôt.</p>
${newBooking.html}`
  },
  "missed/customer/email": {
    subject: "Nous vous avons attendu(e) – {{ business.name }}",
    text: `Bonjour {{ client.firstName }},

Nous vous attendions chez {{ business.name }} le {{ start }}, mais vous n'êtes pas venu(e). Si vous le souhaitez, prenez un nouveau rendez-vous :
{{ links.newBooking }}`,
    html: `${P}Bonjour {{ client.firstName }},</p>
${P}Nous vous attendions chez <strong>{{ business.name }}</strong> le <strong>{{ start }}</strong>, mais vous n'êtes pas venu(e). Si vous le souhaitez, prenez un nouveau rendez-vous.</p>
${newBooking.html}`
  },
  "reminder/customer/sms": {
    subject: "Rappel de rendez-vous",
    text: `{{ business.name }} : rappel de votre rendez-vous le {{ start }} ({{ services | map: "name" | join: ", " }}).`,
    html: null
  },

  // ---- the staff member ------------------------------------------------------------------------
  "pending/staff/email": {
    subject: 'À approuver : {{ client.name | default: "rendez-vous" }}, {{ date }} à {{ startTime }}',
    text: `Bonjour {{ recipientName }},

Une demande de rendez-vous attend votre approbation : le {{ start }}.

${clientBlock.text}
${details.text}

Approuver : {{ links.approve }}
Refuser : {{ links.reject }}`,
    html: `${P}Bonjour {{ recipientName }},</p>
${P}Une demande de rendez-vous attend votre approbation : le <strong>{{ start }}</strong>.</p>
${clientBlock.html}
${details.html}
{% render "button", url: links.approve, label: "Approuver" %}
{% render "button", url: links.reject, label: "Refuser" %}`
  },
  "confirmed/staff/email": {
    subject:
      '{% if isNew %}Nouveau rendez-vous{% else %}Rendez-vous approuvé{% endif %} : {{ client.name | default: "sans client" }}, {{ date }} à {{ startTime }}',
    text: `Bonjour {{ recipientName }},

{% if isNew %}Un nouveau rendez-vous est prévu{% else %}Le rendez-vous est approuvé{% endif %} le {{ start }}.{% if status == "pending" %} Le client doit encore le confirmer.{% endif %}

${clientBlock.text}
${details.text}
${series.text}

${reject.text}`,
    html: `${P}Bonjour {{ recipientName }},</p>
${P}{% if isNew %}Un nouveau rendez-vous est prévu{% else %}Le rendez-vous est approuvé{% endif %} le <strong>{{ start }}</strong>.{% if status == "pending" %} Le client doit encore le confirmer.{% endif %}</p>
${clientBlock.html}
${details.html}
${series.html}
${reject.html}`
  },
  "cancelled/staff/email": {
    subject: 'Rendez-vous annulé : {{ client.name | default: "sans client" }}, {{ date }} à {{ startTime }}',
    text: `Bonjour {{ recipientName }},

Le rendez-vous du {{ start }} est annulé : ce créneau est de nouveau libre.

${clientBlock.text}
${details.text}`,
    html: `${P}Bonjour {{ recipientName }},</p>
${P}Le rendez-vous du <strong>{{ start }}</strong> est annulé : ce créneau est de nouveau libre.</p>
${clientBlock.html}
${details.html}`
  },
  "rejected/staff/email": {
    subject: 'Rendez-vous refusé : {{ client.name | default: "sans client" }}, {{ date }} à {{ startTime }}',
    text: `Bonjour {{ recipientName }},

Le rendez-vous du {{ start }} est refusé : ce créneau est de nouveau libre.{% if reason %}
Motif : {{ reason }}{% endif %}

${clientBlock.text}
${details.text}`,
    html: `${P}Bonjour {{ recipientName }},</p>
${P}Le rendez-vous du <strong>{{ start }}</strong> est refusé : ce créneau est de nouveau libre.</p>
{% if reason %}${P}Motif : {{ reason }}</p>{% endif %}
${clientBlock.html}
${details.html}`
  },
  "rescheduled/staff/email": {
    subject: 'Rendez-vous déplacé : {{ client.name | default: "sans client" }}, {{ date }} à {{ startTime }}',
    text: `Bonjour {{ recipientName }},

Un rendez-vous est déplacé.
Nouvel horaire : {{ start }}
Ancien horaire : {{ previousStart }}

${clientBlock.text}
${details.text}`,
    html: `${P}Bonjour {{ recipientName }},</p>
${P}Un rendez-vous est déplacé.</p>
${P}Nouvel horaire : <strong>{{ start }}</strong><br>Ancien horaire : <s>{{ previousStart }}</s></p>
${clientBlock.html}
${details.html}`
  },
  "reminder/staff/email": {
    subject: 'Rappel : {{ client.name | default: "rendez-vous" }}, {{ date }} à {{ startTime }}',
    text: `Bonjour {{ recipientName }},

Rappel de votre rendez-vous du {{ start }}.

${clientBlock.text}
${details.text}

${reject.text}`,
    html: `${P}Bonjour {{ recipientName }},</p>
${P}Rappel de votre rendez-vous du <strong>{{ start }}</strong>.</p>
${clientBlock.html}
${details.html}
${reject.html}`
  },
  "reminder/staff/sms": {
    subject: "Rappel de rendez-vous",
    text: `Rappel : {{ start }}, {{ client.name | default: "sans client" }} ({{ services | map: "name" | join: ", " }}).`,
    html: null
  }
}
