/**
 * The default templates in English, one per (event, recipient, channel) the planner writes. They
 * are Liquid: the variables are those the core offers for each key (see TemplateVariables in the
 * core), and the HTML part is the content of the shared email layout. Shared blocks are written
 * once below and spelled out in each template, so that a business editing one sees all of it.
 */
import type { DefaultTemplates } from "./Defaults.js"

const P = '<p style="margin:0 0 12px">'

const details = {
  text: `{% for s in services %}- {{ s.name }}: {{ s.duration }}, {{ s.price }}{% if s.staff %}, with {{ s.staff }}{% endif %}
{% endfor %}Total duration: {{ totalDuration }} · Total: {{ totalPrice }}`,
  html: `<ul style="margin:0 0 12px;padding-left:20px">{% for s in services %}<li>{{ s.name }}: {{ s.duration }}, {{ s.price }}{% if s.staff %}, with {{ s.staff }}{% endif %}</li>{% endfor %}</ul>
${P}Total duration: {{ totalDuration }} · Total: {{ totalPrice }}</p>`
}

const series = {
  text: `{% if seriesDates.size > 0 %}
The {{ seriesDates.size }} dates of the series:
{% for d in seriesDates %}- {{ d }}
{% endfor %}{% endif %}`,
  html: `{% if seriesDates.size > 0 %}${P}The {{ seriesDates.size }} dates of the series:</p>
<ul style="margin:0 0 12px;padding-left:20px">{% for d in seriesDates %}<li>{{ d }}</li>{% endfor %}</ul>{% endif %}`
}

const request = {
  text: `{% if customerRequest %}Your request: {{ customerRequest }}{% endif %}`,
  html: `{% if customerRequest %}${P}Your request: {{ customerRequest }}</p>{% endif %}`
}

const clientBlock = {
  text: `Client: {{ client.name | default: "none" }}{% if client.phone %} · {{ client.phone }}{% endif %}{% if client.email %} · {{ client.email }}{% endif %}{% if customerRequest %}
Client's request: {{ customerRequest }}{% endif %}`,
  html: `${P}Client: <strong>{{ client.name | default: "none" }}</strong>{% if client.phone %} · {{ client.phone }}{% endif %}{% if client.email %} · {{ client.email }}{% endif %}</p>
{% if customerRequest %}${P}Client's request: {{ customerRequest }}</p>{% endif %}`
}

const newBooking = {
  text: `Book another appointment: {{ links.newBooking }}`,
  html: `{% render "button", url: links.newBooking, label: "Book another appointment" %}`
}

const manage = {
  text: `Change or cancel: {{ links.manage }}`,
  html: `{% render "button", url: links.manage, label: "Change or cancel" %}`
}

const reject = {
  text: `{% if links.reject %}Reject this appointment: {{ links.reject }}{% endif %}`,
  html: `{% if links.reject %}{% render "button", url: links.reject, label: "Reject this appointment" %}{% endif %}`
}

export const en: DefaultTemplates = {
  // ---- the client ----------------------------------------------------------------------------
  "pending/customer/email": {
    subject: "Booking request received – {{ business.name }}",
    text: `Hello {{ client.firstName }},

We have received your booking request at {{ business.name }} for {{ start }}. It still has to be accepted: we will email you as soon as it is.

${details.text}
${series.text}
${request.text}

${manage.text}
${newBooking.text}`,
    html: `${P}Hello {{ client.firstName }},</p>
${P}We have received your booking request at <strong>{{ business.name }}</strong> for <strong>{{ start }}</strong>. It still has to be accepted: we will email you as soon as it is.</p>
${details.html}
${series.html}
${request.html}
${manage.html}
${newBooking.html}`
  },
  "confirm_request/customer/email": {
    subject: "Please confirm your appointment on {{ date }} – {{ business.name }}",
    text: `Hello {{ client.firstName }},

{{ business.name }} has booked an appointment for you on {{ start }}. Please confirm it:
{{ links.confirm }}

${details.text}
${series.text}
${request.text}

${manage.text}`,
    html: `${P}Hello {{ client.firstName }},</p>
${P}<strong>{{ business.name }}</strong> has booked an appointment for you on <strong>{{ start }}</strong>. Please confirm it.</p>
{% render "button", url: links.confirm, label: "Confirm the appointment" %}
${details.html}
${series.html}
${request.html}
${manage.html}`
  },
  "confirmed/customer/email": {
    subject: "Appointment confirmed on {{ date }} – {{ business.name }}",
    text: `Hello {{ client.firstName }},

Your appointment at {{ business.name }} is confirmed for {{ start }}.

${details.text}
${series.text}
${request.text}

The attached invitation adds it to your calendar.

${manage.text}
${newBooking.text}`,
    html: `${P}Hello {{ client.firstName }},</p>
${P}Your appointment at <strong>{{ business.name }}</strong> is confirmed for <strong>{{ start }}</strong>.</p>
${details.html}
${series.html}
${request.html}
${P}The attached invitation adds it to your calendar.</p>
${manage.html}
${newBooking.html}`
  },
  "cancelled/customer/email": {
    subject: "Appointment cancelled: {{ date }} – {{ business.name }}",
    text: `Hello {{ client.firstName }},

Your appointment at {{ business.name }} on {{ start }} is cancelled.
{% if message %}
A message from {{ business.name }}:
{{ message }}
{% endif %}
${details.text}

${newBooking.text}`,
    html: `${P}Hello {{ client.firstName }},</p>
${P}Your appointment at <strong>{{ business.name }}</strong> on <strong>{{ start }}</strong> is cancelled.</p>
{% if message %}<blockquote style="margin:0 0 12px;padding:8px 12px;border-left:4px solid #1f5f55;background:#f3f4f2"><p style="margin:0 0 4px;font-weight:bold">A message from {{ business.name }}:</p><p style="margin:0;white-space:pre-line">{{ message }}</p></blockquote>{% endif %}
${details.html}
${newBooking.html}`
  },
  "rejected/customer/email": {
    subject: "Your booking request could not be accepted – {{ business.name }}",
    text: `Hello {{ client.firstName }},

We are sorry: {{ business.name }} cannot see you on {{ start }}.
{% if reason %}
Reason: {{ reason }}
{% endif %}
Choose another time: {{ links.newBooking }}`,
    html: `${P}Hello {{ client.firstName }},</p>
${P}We are sorry: <strong>{{ business.name }}</strong> cannot see you on <strong>{{ start }}</strong>.</p>
{% if reason %}${P}Reason: {{ reason }}</p>{% endif %}
{% render "button", url: links.newBooking, label: "Choose another time" %}`
  },
  "rescheduled/customer/email": {
    subject: "Appointment moved to {{ date }} – {{ business.name }}",
    text: `Hello {{ client.firstName }},

Your appointment at {{ business.name }} has moved.
New time: {{ start }}
Previous time: {{ previousStart }}

${details.text}

The attached invitation updates your calendar.

${manage.text}`,
    html: `${P}Hello {{ client.firstName }},</p>
${P}Your appointment at <strong>{{ business.name }}</strong> has moved.</p>
${P}New time: <strong>{{ start }}</strong><br>Previous time: <s>{{ previousStart }}</s></p>
${details.html}
${P}The attached invitation updates your calendar.</p>
${manage.html}`
  },
  "reminder/customer/email": {
    subject: "Reminder: your appointment on {{ date }} at {{ startTime }} – {{ business.name }}",
    text: `Hello {{ client.firstName }},

This is a reminder of your appointment at {{ business.name }} on {{ start }}.

${details.text}

${manage.text}
${newBooking.text}`,
    html: `${P}Hello {{ client.firstName }},</p>
${P}This is a reminder of your appointment at <strong>{{ business.name }}</strong> on <strong>{{ start }}</strong>.</p>
${details.html}
${manage.html}
${newBooking.html}`
  },
  "follow_up/customer/email": {
    subject: "Thank you for your visit – {{ business.name }}",
    text: `Hello {{ client.firstName }},

Thank you for coming to {{ business.name }} on {{ date }}. We hope to see you again soon.

${newBooking.text}`,
    html: `${P}Hello {{ client.firstName }},</p>
${P}Thank you for coming to <strong>{{ business.name }}</strong> on {{ date }}. We hope to see you again soon.</p>
${newBooking.html}`
  },
  "missed/customer/email": {
    subject: "We missed you – {{ business.name }}",
    text: `Hello {{ client.firstName }},

We were expecting you at {{ business.name }} on {{ start }}, but you did not come. If you wish, book a new appointment:
{{ links.newBooking }}`,
    html: `${P}Hello {{ client.firstName }},</p>
${P}We were expecting you at <strong>{{ business.name }}</strong> on <strong>{{ start }}</strong>, but you did not come. If you wish, book a new appointment.</p>
${newBooking.html}`
  },
  "reminder/customer/sms": {
    subject: "Appointment reminder",
    text: `{{ business.name }}: a reminder of your appointment on {{ start }} ({{ services | map: "name" | join: ", " }}).`,
    html: null
  },

  // ---- the staff member ------------------------------------------------------------------------
  "pending/staff/email": {
    subject: 'To approve: {{ client.name | default: "appointment" }}, {{ date }} at {{ startTime }}',
    text: `Hello {{ recipientName }},

A booking request awaits your approval: {{ start }}.

${clientBlock.text}
${details.text}

Approve: {{ links.approve }}
Reject: {{ links.reject }}`,
    html: `${P}Hello {{ recipientName }},</p>
${P}A booking request awaits your approval: <strong>{{ start }}</strong>.</p>
${clientBlock.html}
${details.html}
{% render "button", url: links.approve, label: "Approve" %}
{% render "button", url: links.reject, label: "Reject" %}`
  },
  "confirmed/staff/email": {
    subject:
      '{% if isNew %}New appointment{% else %}Appointment approved{% endif %}: {{ client.name | default: "no client" }}, {{ date }} at {{ startTime }}',
    text: `Hello {{ recipientName }},

{% if isNew %}A new appointment is booked{% else %}The appointment is approved{% endif %} for {{ start }}.{% if status == "pending" %} The client has yet to confirm it.{% endif %}

${clientBlock.text}
${details.text}
${series.text}

${reject.text}`,
    html: `${P}Hello {{ recipientName }},</p>
${P}{% if isNew %}A new appointment is booked{% else %}The appointment is approved{% endif %} for <strong>{{ start }}</strong>.{% if status == "pending" %} The client has yet to confirm it.{% endif %}</p>
${clientBlock.html}
${details.html}
${series.html}
${reject.html}`
  },
  "cancelled/staff/email": {
    subject: 'Appointment cancelled: {{ client.name | default: "no client" }}, {{ date }} at {{ startTime }}',
    text: `Hello {{ recipientName }},

The appointment on {{ start }} is cancelled: the time is free again.

${clientBlock.text}
${details.text}`,
    html: `${P}Hello {{ recipientName }},</p>
${P}The appointment on <strong>{{ start }}</strong> is cancelled: the time is free again.</p>
${clientBlock.html}
${details.html}`
  },
  "rejected/staff/email": {
    subject: 'Appointment rejected: {{ client.name | default: "no client" }}, {{ date }} at {{ startTime }}',
    text: `Hello {{ recipientName }},

The appointment on {{ start }} is rejected: the time is free again.{% if reason %}
Reason: {{ reason }}{% endif %}

${clientBlock.text}
${details.text}`,
    html: `${P}Hello {{ recipientName }},</p>
${P}The appointment on <strong>{{ start }}</strong> is rejected: the time is free again.</p>
{% if reason %}${P}Reason: {{ reason }}</p>{% endif %}
${clientBlock.html}
${details.html}`
  },
  "rescheduled/staff/email": {
    subject: 'Appointment moved: {{ client.name | default: "no client" }}, {{ date }} at {{ startTime }}',
    text: `Hello {{ recipientName }},

An appointment has moved.
New time: {{ start }}
Previous time: {{ previousStart }}

${clientBlock.text}
${details.text}`,
    html: `${P}Hello {{ recipientName }},</p>
${P}An appointment has moved.</p>
${P}New time: <strong>{{ start }}</strong><br>Previous time: <s>{{ previousStart }}</s></p>
${clientBlock.html}
${details.html}`
  },
  "reminder/staff/email": {
    subject: 'Reminder: {{ client.name | default: "appointment" }}, {{ date }} at {{ startTime }}',
    text: `Hello {{ recipientName }},

A reminder of your appointment on {{ start }}.

${clientBlock.text}
${details.text}

${reject.text}`,
    html: `${P}Hello {{ recipientName }},</p>
${P}A reminder of your appointment on <strong>{{ start }}</strong>.</p>
${clientBlock.html}
${details.html}
${reject.html}`
  },
  "reminder/staff/sms": {
    subject: "Appointment reminder",
    text: `Reminder: {{ start }}, {{ client.name | default: "no client" }} ({{ services | map: "name" | join: ", " }}).`,
    html: null
  }
}
