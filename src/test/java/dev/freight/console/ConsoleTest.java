package dev.freight.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.attributeToBe;
import static org.openqa.selenium.support.ui.ExpectedConditions.elementToBeClickable;
import static org.openqa.selenium.support.ui.ExpectedConditions.presenceOfElementLocated;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBePresentInElementLocated;
import static org.openqa.selenium.support.ui.ExpectedConditions.urlContains;
import static org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.store.StoreKind;
import dev.freight.testing.Browser;
import dev.freight.testing.TestNode;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real headless Chromium against a real node (SQLite): one browser for the
 * whole class, each test on its own tables. Screenshots of the import and job screens go to
 * {@code -Dfreight.screenshots=DIR} (docs/ refreshes the README's), else under target/.
 */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private TestNode node;
    private Browser browser;
    private ChromeDriver d;
    private WebDriverWait wait;
    private Path shots;
    private int loads;

    @TempDir
    Path files;

    @BeforeAll
    void start() {
        node = TestNode.start(StoreKind.SQLITE);
        browser = Browser.start();
        d = browser.driver();
        wait = browser.waiting(WAIT);
        shots = Path.of(System.getProperty("freight.screenshots", "target/console-screenshots"));
    }

    @AfterAll
    void stop() {
        if (browser != null) browser.close();
        if (node != null) node.close();
    }

    @AfterEach
    void laptop() {
        browser.phone(false);
    }

    /** A failed step leaves a screenshot and the screen's text beside the report. */
    @RegisterExtension
    final TestWatcher failures = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (browser == null) return;
            Path shot = Path.of("target/console-screenshots/failed-" + context.getRequiredTestMethod().getName() + ".png");
            browser.screenshot(shot);
            System.out.println("screen at failure (" + shot + "): " + d.findElement(By.tagName("main")).getText());
        }
    };

    // ------------------------------------------------------------------ steps

    @Test
    void signInKeepsTheKeyInTheTabAndOutOfTheUrl() {
        d.get(node.base() + "/#/tables");
        signOutIfSignedIn();
        WebElement key = wait.until(visibilityOfElementLocated(By.id("api-key")));
        key.sendKeys("frt_not_a_key");
        key.sendKeys(Keys.ENTER);
        wait.until(textToBePresentInElementLocated(By.id("signin-error"), "missing or unknown API key"));

        // by keyboard alone: the field is focused again after the error
        new Actions(d).keyDown(Keys.CONTROL).sendKeys("a").keyUp(Keys.CONTROL).sendKeys(TestNode.ADMIN_KEY).sendKeys(Keys.ENTER).perform();
        wait.until(textToBePresentInElementLocated(By.cssSelector("main h1"), "Tables"));
        assertThat(d.getCurrentUrl()).doesNotContain(TestNode.ADMIN_KEY);
        assertThat(js("return sessionStorage.getItem('freight.apiKey')")).isEqualTo(TestNode.ADMIN_KEY);
        assertThat(js("return localStorage.length")).isEqualTo(0L);

        d.findElement(By.id("sign-out")).click();
        wait.until(visibilityOfElementLocated(By.id("api-key")));
        assertThat(js("return sessionStorage.getItem('freight.apiKey')")).isNull();
    }

    @Test
    void tablesListAndRecordsInKeysetPages() {
        node.createTable("""
                {"name":"people","columns":[{"name":"id","type":"integer"},{"name":"name","type":"text"},
                 {"name":"email","type":"text"}],"primaryKey":["id"],"uniqueKeys":[["email"]]}""");
        StringBuilder csv = new StringBuilder("id,name,email\n");
        for (int i = 1; i <= 120; i++) csv.append(i).append(",person ").append(i).append(",p").append(i).append("@example.com\n");
        assertThat(node.importCsv("people", "", csv.toString()).get("counts").get("inserted").asInt()).isEqualTo(120);

        open("#/tables", "Tables");
        WebElement row = wait.until(presenceOfElementLocated(By.xpath("//table[@id='tables']//tr[th/a[text()='people']]")));
        assertThat(row.getText()).contains("id integer", "name text", "primary (id); unique (email)", "table");

        row.findElement(By.linkText("people")).click();
        wait.until(textToBePresentInElementLocated(By.cssSelector("main h1"), "people"));
        wait.until(textToBePresentInElementLocated(By.id("records-status"), "Records 1–50"));
        assertThat(firstRecordId()).isEqualTo("1");
        assertThat(d.findElement(By.xpath("//button[text()='Previous page']")).isEnabled()).isFalse();
        click("Next page");
        wait.until(textToBePresentInElementLocated(By.id("records-status"), "Records 51–100"));
        assertThat(firstRecordId()).isEqualTo("51");
        click("Next page");
        wait.until(textToBePresentInElementLocated(By.id("records-status"), "Records 101–120"));
        assertThat(firstRecordId()).isEqualTo("101");
        assertThat(d.findElement(By.xpath("//button[text()='Next page']")).isEnabled()).isFalse();
        click("Previous page");
        wait.until(textToBePresentInElementLocated(By.id("records-status"), "Records 51–100"));
        assertThat(firstRecordId()).isEqualTo("51");
    }

    @Test
    void createsATableFromAFilesColumns() throws IOException {
        Path file = write("orders.csv", "order_no,placed,amount,note\n1,2026-01-05,10.50,first\n2,2026-01-06,3,\n");
        open("#/tables/new", "New table");
        d.findElement(By.cssSelector("input[type=file]")).sendKeys(file.toString());
        // with inference the server proposes the columns; without it the header gives their names
        wait.until(presenceOfElementLocated(By.cssSelector("#proposal .alert")));
        wait.until(d -> d.findElements(By.cssSelector("#column-editor tbody tr")).size() == 4);
        assertThat(d.findElement(By.xpath("//label[text()='Table name']/following-sibling::input")).getAttribute("value")).isEqualTo("orders");
        List<WebElement> rows = d.findElements(By.cssSelector("#column-editor tbody tr"));
        assertThat(rows.stream().map(r -> r.findElement(By.cssSelector("input[type=text]")).getAttribute("value")))
                .containsExactly("order_no", "placed", "amount", "note");
        new Select(rows.get(0).findElement(By.tagName("select"))).selectByValue("integer");
        new Select(rows.get(1).findElement(By.tagName("select"))).selectByValue("date");
        new Select(rows.get(2).findElement(By.tagName("select"))).selectByValue("decimal");
        new Select(rows.get(3).findElement(By.tagName("select"))).selectByValue("text");
        WebElement key = rows.get(0).findElement(By.cssSelector("input[aria-label$='primary key']"));
        if (!key.isSelected()) key.click();
        for (WebElement other : rows.subList(1, 4)) {
            WebElement k = other.findElement(By.cssSelector("input[aria-label$='primary key']"));
            if (k.isSelected()) k.click();
        }
        d.findElement(By.xpath("//button[text()='Create table']")).click();
        wait.until(textToBePresentInElementLocated(By.id("created"), "Table orders created."));

        JsonNode t = node.get("/v1/tables/orders").json();
        assertThat(t.get("primaryKey").toString()).isEqualTo("[\"order_no\"]");
        assertThat(t.get("columns").findValuesAsText("type")).containsExactly("integer", "date", "decimal", "text");

        // the file goes on to the import screen with the new table chosen
        d.findElement(By.xpath("//button[text()='Import orders.csv into it']")).click();
        wait.until(attributeToBe(By.id("import-table"), "value", "orders"));
        wait.until(textToBePresentInElementLocated(By.id("file-info"), "order_no, placed, amount, note"));
        assertThat(new Select(d.findElement(By.cssSelector("select[data-column='amount']"))).getFirstSelectedOption().getText()).isEqualTo("amount");
    }

    @Test
    void inferenceProposesTypesAndKey() throws IOException {
        Path file = write("visits.csv", "visit_id,visited_at,amount,active\n1,2026-01-05 09:30,10.50,true\n2,2026-01-06 10:00,3.25,false\n");
        open("#/tables/new", "New table");
        d.findElement(By.cssSelector("input[type=file]")).sendKeys(file.toString());
        wait.until(textToBePresentInElementLocated(By.id("proposal"), "Columns proposed from the first rows of visits.csv"));
        List<WebElement> rows = d.findElements(By.cssSelector("#column-editor tbody tr"));
        assertThat(rows.stream().map(r -> new Select(r.findElement(By.tagName("select"))).getFirstSelectedOption().getText()))
                .containsExactly("integer", "timestamp", "decimal", "boolean");
        d.findElement(By.xpath("//button[text()='Create table']")).click();
        wait.until(textToBePresentInElementLocated(By.id("created"), "Table visits created."));
        assertThat(node.get("/v1/tables/visits").json().get("columns").findValuesAsText("type"))
                .containsExactly("integer", "timestamp", "decimal", "boolean");
    }

    @Test
    void importsWithAMappingAndFollowsTheJobToItsFailedRows() throws IOException {
        node.createTable("""
                {"name":"customers","columns":[{"name":"id","type":"integer"},{"name":"email","type":"text","nullable":false},
                 {"name":"score","type":"integer"}],"primaryKey":["id"]}""");
        Path file = files.resolve("crm-export.csv");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("Customer ID,E-Mail,Points,Notes\n");
            for (int i = 1; i <= 3000; i++) {
                String points = i == 7 ? "abc" : i == 2500 ? "1.5x" : Integer.toString(i % 100);
                w.write(i + ",c" + i + "@example.com," + points + ",note " + i + "\n");
            }
        }
        open("#/import/customers", "Import a file");
        wait.until(attributeToBe(By.id("import-table"), "value", "customers"));
        d.findElement(By.id("import-file")).sendKeys(file.toString());
        WebElement email = wait.until(presenceOfElementLocated(By.cssSelector("select[data-column='email']")));
        assertThat(selected(email)).isEqualTo("E-Mail"); // matched by name, case and punctuation aside
        assertThat(selected(d.findElement(By.cssSelector("select[data-column='id']")))).isEqualTo("— not imported —");
        new Select(d.findElement(By.cssSelector("select[data-column='id']"))).selectByValue("Customer ID");
        new Select(d.findElement(By.cssSelector("select[data-column='score']"))).selectByValue("Points");
        wait.until(textToBePresentInElementLocated(By.id("unmapped-fields"), "File fields not imported: Notes."));
        new Select(d.findElement(By.id("import-mode"))).selectByValue("upsert");
        browser.screenshotPage(shots.resolve("console-import.png"), 1600);

        d.findElement(By.id("run-button")).click();
        wait.until(urlContains("#/jobs/"));
        String jobId = d.getCurrentUrl().substring(d.getCurrentUrl().indexOf("#/jobs/") + 7);
        wait.until(textToBePresentInElementLocated(By.id("job-percent"), "100 %"));
        wait.until(textToBePresentInElementLocated(By.id("job-state"), "completed"));
        assertThat(d.findElement(By.id("count-inserted")).getText()).isEqualTo("2,998");
        assertThat(d.findElement(By.id("count-failed")).getText()).isEqualTo("2");
        assertThat(d.findElement(By.id("job-rate")).getText()).matches("[0-9,]+ rows/s.*");
        assertThat(d.findElement(By.id("job-events")).getText()).contains("running", "completed");

        // the failed rows: line (the header is line 1), column and reason
        WebElement failed = wait.until(presenceOfElementLocated(By.id("failed-table")));
        List<WebElement> rows = failed.findElements(By.cssSelector("tbody tr"));
        assertThat(rows).hasSize(2);
        assertThat(cells(rows.get(0))).containsExactly("line 8", "score", "'abc' is not an integer", "id=7");
        assertThat(cells(rows.get(1)).subList(0, 2)).containsExactly("line 2501", "score");
        browser.screenshotPage(shots.resolve("console-job.png"), 1200);

        d.findElement(By.id("download-failed")).click();
        String number = node.get("/v1/jobs/" + jobId).json().get("number").asText();
        Path csv = browser.awaitDownload("job-" + number + "-failed-rows.csv", WAIT);
        assertThat(Files.readAllLines(csv)).containsExactly(
                "Customer ID,E-Mail,Points,Notes,_line,_index,_outcome,_error",
                "7,c7@example.com,abc,note 7,8,6,failed,column score: 'abc' is not an integer",
                "2500,c2500@example.com,1.5x,note 2500,2501,2499,failed,column score: '1.5x' is not an integer");

        // the jobs list, filtered by table, leads back to the job
        open("#/jobs?table=customers", "Jobs");
        WebElement listed = wait.until(presenceOfElementLocated(By.xpath("//table[@id='jobs-list']//tr[th/a[text()='#" + number + "']]")));
        assertThat(cells(listed)).containsSubsequence("#" + number, "customers", "upsert", "completed", "3,000 / 3,000 (100 %)", "2");
        assertThat(selected(d.findElement(By.id("filter-table")))).isEqualTo("customers");
        listed.findElement(By.linkText("#" + number)).click();
        wait.until(textToBePresentInElementLocated(By.cssSelector("main h1"), "Job #" + number));

        List<JsonNode> records = node.records("customers");
        assertThat(records).hasSize(2998);
        assertThat(records.get(0).toString()).isEqualTo("{\"id\":1,\"email\":\"c1@example.com\",\"score\":1}");
    }

    @Test
    void importsAGzippedNdjsonFileWhoseFieldsTheBrowserReads() throws IOException {
        node.createTable("""
                {"name":"contacts","columns":[{"name":"id","type":"integer"},{"name":"email","type":"text"},
                 {"name":"vip","type":"boolean"}],"primaryKey":["id"]}""");
        Path file = files.resolve("contacts.ndjson.gz");
        try (Writer w = new java.io.OutputStreamWriter(new java.util.zip.GZIPOutputStream(Files.newOutputStream(file)), StandardCharsets.UTF_8)) {
            for (int i = 1; i <= 200; i++) w.write("{\"id\":" + i + ",\"Email\":\"e" + i + "@example.com\",\"VIP\":" + (i % 2 == 0) + "}\n");
        }
        open("#/import/contacts", "Import a file");
        wait.until(attributeToBe(By.id("import-table"), "value", "contacts"));
        d.findElement(By.id("import-file")).sendKeys(file.toString());
        wait.until(textToBePresentInElementLocated(By.id("file-info"), "NDJSON"));
        assertThat(d.findElement(By.id("file-info")).getText()).contains("fields id, Email, VIP");
        assertThat(selected(d.findElement(By.cssSelector("select[data-column='email']")))).isEqualTo("Email");
        assertThat(selected(d.findElement(By.cssSelector("select[data-column='vip']")))).isEqualTo("VIP");
        wait.until(elementToBeClickable(By.id("run-button"))).click();
        wait.until(urlContains("#/jobs/"));
        wait.until(textToBePresentInElementLocated(By.id("job-state"), "completed"));
        assertThat(d.findElement(By.id("count-inserted")).getText()).isEqualTo("200");
        assertThat(node.records("contacts").get(1).toString()).isEqualTo("{\"id\":2,\"email\":\"e2@example.com\",\"vip\":true}");
    }

    @Test
    void cancelsALongJobWhileItsProgressIsLive() throws IOException {
        node.createTable("""
                {"name":"events","columns":[{"name":"id","type":"integer"},{"name":"kind","type":"text"},
                 {"name":"payload","type":"text"}],"primaryKey":["id"]}""");
        Path file = files.resolve("events.csv");
        int rows = 600_000;
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("id,kind,payload\n");
            for (int i = 1; i <= rows; i++) w.write(i + ",kind" + (i % 7) + ",payload of event " + i + "\n");
        }
        open("#/import/events", "Import a file");
        wait.until(attributeToBe(By.id("import-table"), "value", "events"));
        d.findElement(By.id("import-file")).sendKeys(file.toString());
        wait.until(elementToBeClickable(By.id("run-button"))).click();
        wait.until(urlContains("#/jobs/"));
        String jobId = d.getCurrentUrl().substring(d.getCurrentUrl().indexOf("#/jobs/") + 7);

        // live: the page's counts move on their own while the job runs
        wait.until(x -> text("job-state").contains("running") && text("job-live").contains("live") && processed() > 0);
        long seen = processed();
        wait.until(x -> processed() > seen && text("job-state").contains("running"));
        assertThat(text("job-rate")).matches("[0-9,]+ rows/s.*");
        d.findElement(By.id("cancel-job")).click();
        wait.until(visibilityOfElementLocated(By.cssSelector("dialog[open] button.danger"))).click();
        wait.until(textToBePresentInElementLocated(By.id("job-state"), "cancelled"));
        JsonNode job = node.get("/v1/jobs/" + jobId).json();
        assertThat(job.get("state").asText()).isEqualTo("cancelled");
        assertThat(job.get("counts").get("processed").asLong()).isLessThan(rows);
        assertThat(d.findElements(By.id("cancel-job")).stream().noneMatch(WebElement::isDisplayed)).isTrue();
    }

    @Test
    void createsAndRevokesAKey() {
        open("#/keys", "API keys");
        d.findElement(By.id("key-workspace")).sendKeys("acme");
        new Select(d.findElement(By.id("key-role"))).selectByValue("read");
        d.findElement(By.id("key-name")).sendKeys("reporting");
        d.findElement(By.xpath("//button[text()='Create key']")).click();
        WebElement secret = wait.until(visibilityOfElementLocated(By.id("new-key-secret")));
        String key = secret.getAttribute("value");
        assertThat(key).startsWith("frt_");
        assertThat(d.findElement(By.id("new-key")).getText()).contains("workspace acme (read)", "not shown again");
        assertThat(node.get("/v1/tables", key).status()).isEqualTo(200);

        WebElement revoke = wait.until(elementToBeClickable(By.cssSelector("button[aria-label^='Revoke key reporting']")));
        revoke.click();
        wait.until(visibilityOfElementLocated(By.cssSelector("dialog[open] button.danger"))).click();
        wait.until(textToBePresentInElementLocated(By.id("keys-status"), "Key reporting revoked."));
        assertThat(node.get("/v1/tables", key).status()).isEqualTo(401);
    }

    @Test
    void dryRunPreviewShowsEachRowsOutcomeAndWritesNothing() throws IOException {
        node.createTable("""
                {"name":"accounts","columns":[{"name":"id","type":"integer"},{"name":"name","type":"text"},
                 {"name":"balance","type":"decimal"}],"primaryKey":["id"]}""");
        node.importCsv("accounts", "", "id,name,balance\n1,Ada,10.00\n2,Bob,20.00\n");
        String before = node.records("accounts").toString();
        Path file = write("accounts.csv", "id,name,balance\n1,Ada L.,10.00\n3,Cy,5\n4,Di,lots\n2,Bob,20.00\n");
        open("#/import/accounts", "Import a file");
        wait.until(attributeToBe(By.id("import-table"), "value", "accounts"));
        d.findElement(By.id("import-file")).sendKeys(file.toString());
        wait.until(elementToBeClickable(By.id("preview-button"))).click();
        WebElement results = wait.until(presenceOfElementLocated(By.id("preview-results")));
        List<List<String>> shown = results.findElements(By.cssSelector("tbody tr")).stream().map(this::cells).toList();
        assertThat(shown).extracting(r -> r.get(0) + " " + r.get(1)).containsExactly(
                "line 2 updated", "line 3 inserted", "line 4 failed", "line 5 unchanged");
        assertThat(shown.get(2).get(3)).contains("balance");
        assertThat(d.findElement(By.id("preview-summary")).getText()).contains("1 inserted", "1 updated", "1 unchanged", "1 failed", "Nothing was written");
        assertThat(node.records("accounts").toString()).isEqualTo(before);
        browser.screenshotPage(shots.resolve("console-import.png"), 1600);

        d.findElement(By.id("run-button")).click();
        wait.until(urlContains("#/jobs/"));
        wait.until(textToBePresentInElementLocated(By.id("job-state"), "completed"));
        assertThat(d.findElement(By.id("count-updated")).getText()).isEqualTo("1");
        assertThat(d.findElement(By.id("count-failed")).getText()).isEqualTo("1");
    }

    @Test
    void everyScreenNamesItsControlsShowsFocusAndFitsAPhone() {
        node.createTable("{\"name\":\"audited\",\"columns\":[{\"name\":\"id\",\"type\":\"integer\"}],\"primaryKey\":[\"id\"]}");
        String job = node.importCsv("audited", "", "id\n1\nx\n").get("id").asText();
        List<String> screens = List.of("#/tables", "#/tables/audited", "#/tables/new", "#/import/audited", "#/jobs", "#/jobs/" + job, "#/keys");
        browser.consoleMessages(); // from here on, this test's pages only
        for (boolean phone : new boolean[] {false, true}) {
            browser.phone(phone);
            for (String screen : screens) {
                open(screen, "");
                assertThat(audit()).as(screen + (phone ? " on a phone" : "")).isEmpty();
                // the first Tab from the heading lands on a control, drawn with a visible focus ring
                new Actions(d).sendKeys(Keys.TAB).perform();
                assertThat(js("const e = document.activeElement; return e !== document.body && getComputedStyle(e).outlineStyle !== 'none'"))
                        .as(screen + ": focus ring").isEqualTo(true);
            }
        }
        // no script error, nothing the page's policy refused
        assertThat(browser.consoleMessages()).noneMatch(m -> m.contains("Uncaught") || m.contains("Content Security Policy")
                || m.contains("Refused"));
        // the checks themselves find what they look for
        js("document.querySelector('main').append(document.createElement('input')); setTimeout(() => { throw new Error('seen') })");
        assertThat(audit()).anyMatch(p -> p.startsWith("no accessible name: <input"));
        wait.until(x -> browser.consoleMessages().stream().anyMatch(m -> m.contains("Uncaught Error: seen")));
    }

    /** What a screen lacks for keyboard and screen-reader users, for a phone, or for a closed network. */
    @SuppressWarnings("unchecked")
    private List<String> audit() {
        return (List<String>) js("""
                const named = (el) => (el.getAttribute('aria-label') ?? '').trim()
                  || (el.getAttribute('aria-labelledby') ?? '').split(/\\s+/).some((id) => document.getElementById(id)?.textContent.trim())
                  || [...(el.labels ?? [])].some((l) => l.textContent.trim())
                  || (['A', 'BUTTON'].includes(el.tagName) && el.textContent.trim());
                const problems = [];
                for (const el of document.querySelectorAll('input, select, textarea, button, a[href]')) {
                  if (el.type === 'hidden' || !el.getClientRects().length) continue;
                  if (!named(el)) problems.push('no accessible name: ' + el.outerHTML.slice(0, 120));
                }
                for (const img of document.images) if (!img.hasAttribute('alt')) problems.push('no alt: ' + img.src);
                if (document.querySelectorAll('main h1').length !== 1) problems.push('not one h1');
                if (document.documentElement.scrollWidth > innerWidth) problems.push('wider than the screen: ' + document.documentElement.scrollWidth);
                for (const r of performance.getEntriesByType('resource')) {
                  if (new URL(r.name).origin !== location.origin) problems.push('from elsewhere: ' + r.name);
                }
                return problems;""");
    }

    // ------------------------------------------------------------------ helpers

    /** Loads the console afresh at a screen (signing in when asked) and waits until it has drawn. */
    private void open(String hash, String heading) {
        d.get(node.base() + "/?load=" + ++loads + hash); // a new query: a whole new page, never the last screen's
        wait.until(presenceOfElementLocated(By.cssSelector("main[aria-busy=false] h1")));
        if (!d.findElements(By.id("api-key")).isEmpty()) {
            WebElement key = d.findElement(By.id("api-key"));
            key.sendKeys(TestNode.ADMIN_KEY);
            key.sendKeys(Keys.ENTER);
            wait.until(x -> d.findElements(By.id("api-key")).isEmpty());
        }
        wait.until(presenceOfElementLocated(By.cssSelector("main[aria-busy=false] h1")));
        wait.until(textToBePresentInElementLocated(By.cssSelector("main h1"), heading));
    }

    private void signOutIfSignedIn() {
        wait.until(presenceOfElementLocated(By.cssSelector("main h1")));
        WebElement out = d.findElement(By.id("sign-out"));
        if (out.isDisplayed()) out.click();
    }

    private void click(String buttonText) {
        d.findElement(By.xpath("//button[text()='" + buttonText + "']")).click();
    }

    private String firstRecordId() {
        return d.findElement(By.cssSelector("#records tbody tr td")).getText();
    }

    private static String selected(WebElement select) {
        return new Select(select).getFirstSelectedOption().getText();
    }

    private List<String> cells(WebElement row) {
        return row.findElements(By.cssSelector("th, td")).stream().map(WebElement::getText).toList();
    }

    /** An element's text, read in one step (a screen that redraws cannot make it stale). */
    private String text(String id) {
        Object t = js("return document.getElementById(arguments[0])?.textContent ?? ''", id);
        return t == null ? "" : t.toString();
    }

    private long processed() {
        String t = text("count-processed").replace(",", "");
        return t.matches("[0-9]+") ? Long.parseLong(t) : 0;
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) d).executeScript(script, args);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(files.resolve(name), content);
    }
}
