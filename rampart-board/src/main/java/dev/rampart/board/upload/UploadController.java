package dev.rampart.board.upload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.util.unit.DataSize;
import org.springframework.web.servlet.ModelAndView;

import dev.rampart.board.account.Account;
import dev.rampart.board.account.AccountRepository;
import dev.rampart.board.idempotency.IdempotencyKey;
import dev.rampart.board.upload.UploadResult.Rejected;
import dev.rampart.board.upload.UploadResult.Stored;
import dev.rampart.board.web.FormErrors;
import dev.rampart.board.web.NotFoundException;
import dev.rampart.board.web.Pagination;
import dev.rampart.board.web.Redirects;

/** The signed-in user's files: the list with the upload form, the upload itself, and downloads. */
@Controller
class UploadController {

    static final int PAGE_SIZE = 50;

    /**
     * The policy of a download, in place of the page policy: nothing may load, and {@code sandbox} gives the
     * file an opaque origin without script, so even a file a browser renders cannot act as the board.
     */
    static final String DOWNLOAD_POLICY = "default-src 'none'; sandbox";

    private final UploadService uploads;
    private final AccountRepository accounts;
    private final String maxFileSize;

    UploadController(UploadService uploads, AccountRepository accounts,
            @Value("${spring.servlet.multipart.max-file-size}") DataSize maxFileSize) {
        this.uploads = uploads;
        this.accounts = accounts;
        this.maxFileSize = ByteSizes.format(maxFileSize.toBytes());
    }

    @GetMapping("/uploads")
    ModelAndView list(Principal principal, @RequestParam(required = false) @Nullable String page) {
        return listPage(ownerId(principal), Pagination.parsePage(page), new FormErrors(), IdempotencyKey.generate(),
                HttpStatus.OK);
    }

    /**
     * Stores a file, or redirects as the first submission did when the same rendered form was sent before. A
     * rejected file is shown with the key it was sent with, which stays usable because nothing was stored.
     */
    @PostMapping("/uploads")
    ModelAndView upload(Principal principal,
            @RequestParam(name = IdempotencyKey.PARAMETER, required = false) @Nullable String key,
            @RequestParam(required = false) @Nullable MultipartFile file) {
        IdempotencyKey idempotencyKey = IdempotencyKey.parse(key);
        long ownerId = ownerId(principal);
        UploadResult result = uploads.store(ownerId, principal.getName(), idempotencyKey, file);
        return switch (result) {
            case Stored stored -> Redirects.seeOther(stored.location());
            case Rejected rejected -> listPage(ownerId, 1, new FormErrors().reject("file", rejected.message()),
                    idempotencyKey, rejected.status());
        };
    }

    /** Sends 507 or 503 to the error page rather than the list page, which needs the database that just failed. */
    @ExceptionHandler(UploadStorageException.class)
    void storageFailed(UploadStorageException failed, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        failed.failure().send(request, response, failed.getCause());
    }

    @GetMapping("/uploads/{id}")
    ResponseEntity<byte[]> download(Principal principal, @PathVariable String id, HttpServletResponse response) {
        StoredFile file = uploads.find(ownerId(principal), id).orElseThrow(() -> new NotFoundException("File"));
        // Set rather than added, so they replace the page headers that the security headers filter wrote.
        response.setHeader("Content-Security-Policy", DOWNLOAD_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        return attachment(file);
    }

    /** Sends the file for saving under its display name, in the header form with a UTF-8 {@code filename*}. */
    private static ResponseEntity<byte[]> attachment(StoredFile file) {
        ContentDisposition disposition = ContentDisposition.attachment()
                .filename(file.name(), StandardCharsets.UTF_8)
                .build();
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(file.contentType()))
                .contentLength(file.content().length)
                .header(HttpHeaders.CONTENT_DISPOSITION, disposition.toString())
                .body(file.content());
    }

    private ModelAndView listPage(long ownerId, int pageNumber, FormErrors errors, IdempotencyKey key,
            HttpStatus status) {
        long offset = (long) (pageNumber - 1) * PAGE_SIZE;
        List<UploadSummary> files = uploads.list(ownerId, offset, PAGE_SIZE + 1);
        ModelAndView page = new ModelAndView("upload/list", Map.of(
                "files", files.subList(0, Math.min(files.size(), PAGE_SIZE)),
                "pageNumber", pageNumber,
                "hasNext", files.size() > PAGE_SIZE,
                "usage", usageText(uploads.usage(ownerId)),
                "maxFileSize", maxFileSize,
                "errors", errors,
                "idempotencyKey", key));
        page.setStatus(status);
        return page;
    }

    private String usageText(Usage usage) {
        UploadProperties limits = uploads.limits();
        return "Your " + usage.files() + (usage.files() == 1 ? " file uses " : " files use ")
                + ByteSizes.format(usage.bytes()) + " of your " + ByteSizes.format(limits.quota().toBytes())
                + " quota (at most " + limits.maxFiles() + " files).";
    }

    private long ownerId(Principal principal) {
        return accounts.findByUsername(principal.getName())
                .map(Account::id)
                .orElseThrow(() -> new NotFoundException("Account"));
    }
}
