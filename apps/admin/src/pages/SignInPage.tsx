/**
 * Sign-in to the back office (POST /v1/auth/login sets the session cookie), then on to the page
 * the user was going to, or the calendar. A signed-in visitor goes straight on.
 */
import { type FormEvent, useEffect, useId, useState } from "react"
import { useTranslation } from "react-i18next"
import { Navigate, useLocation } from "react-router"
import { LanguageSwitch } from "../components/LanguageSwitch"
import { Loading } from "../components/Loading"
import { ProblemAlert } from "../components/ProblemAlert"
import { useSession, useSignIn } from "../session"

/** Where to go after signing in: the page asked for, if it is one of this app's own. */
const destination = (state: unknown): string => {
  const from = typeof state === "object" && state !== null && "from" in state ? state.from : undefined
  return typeof from === "string" && from.startsWith("/") && !from.startsWith("//") && from !== "/sign-in"
    ? from
    : "/calendar"
}

export const SignInPage = () => {
  const { t } = useTranslation()
  const session = useSession()
  const signIn = useSignIn()
  const location = useLocation()
  const [email, setEmail] = useState("")
  const [password, setPassword] = useState("")
  const emailId = useId()
  const passwordId = useId()

  useEffect(() => {
    document.title = `${t("signIn.title")} · ${t("app.name")}`
  }, [t])

  if (session.data === undefined && session.isPending) return <Loading />
  if (session.data) return <Navigate to={destination(location.state)} replace />

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    // Once signed in, the session query answers and the redirect above takes over.
    signIn.mutate({ email: email.trim(), password })
  }

  return (
    <main className="auth-page">
      <div className="card auth-card">
        <div className="auth-brand">
          <span className="topbar-product">{t("app.name")}</span>
          <LanguageSwitch />
        </div>
        <h1>{t("signIn.title")}</h1>
        <p className="muted">{t("signIn.subtitle")}</p>
        <form className="form" onSubmit={submit} style={{ marginTop: "var(--space-5)" }}>
          {signIn.isError && <ProblemAlert error={signIn.error} detail={false} />}
          <div className="field">
            <label htmlFor={emailId}>{t("signIn.email")}</label>
            <input
              id={emailId}
              className="input"
              type="email"
              name="email"
              autoComplete="username"
              required
              value={email}
              onChange={(event) => setEmail(event.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={passwordId}>{t("signIn.password")}</label>
            <input
              id={passwordId}
              className="input"
              type="password"
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
          </div>
          <button type="submit" className="button button-primary" disabled={signIn.isPending}>
            {signIn.isPending ? t("signIn.submitting") : t("signIn.submit")}
          </button>
        </form>
      </div>
    </main>
  )
}
