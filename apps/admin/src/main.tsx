/** Entry point: translations, styles, and the app in #root. */
import { StrictMode } from "react"
import { createRoot } from "react-dom/client"
import { App } from "./App"
import { setUpI18n } from "./i18n"
import "./styles.css"

setUpI18n()

const root = document.getElementById("root")
if (root === null) throw new Error("index.html has no #root element")
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>
)
