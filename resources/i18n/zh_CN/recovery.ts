<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Recovery</name>
    <message><source>The Sidekick database cannot be used: %1.</source><translation>Sidekick 数据库无法使用：%1。</translation></message>
    <message><source>It has not been changed. Put back the newest good backup (%1)? The damaged file is kept aside.</source><translation>数据库文件未被改动。要恢复最新的完好备份（%1）吗？损坏的文件会另外保存。</translation></message>
    <message><source>It has not been changed, and there is no good backup. Start with an empty library? The damaged file is kept aside.</source><translation>数据库文件未被改动，也没有完好的备份。要以空的短语库启动吗？损坏的文件会另外保存。</translation></message>
    <message><source>Restore the backup</source><translation>恢复备份</translation></message>
    <message><source>Start with an empty library</source><translation>以空库启动</translation></message>
    <message><source>Quit</source><translation>退出</translation></message>
</context>
</TS>
