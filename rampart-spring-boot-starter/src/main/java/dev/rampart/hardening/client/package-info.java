/**
 * The client's address: the socket peer, or, behind the reverse proxies listed in
 * {@code rampart.proxy.trusted-proxies}, the rightmost {@code X-Forwarded-For} entry that is not one of them.
 */
@NullMarked
package dev.rampart.hardening.client;

import org.jspecify.annotations.NullMarked;
